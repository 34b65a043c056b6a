// JSON answers used by the remote datasource tests (kept out of the test sources: moc cannot read raw strings).
#pragma once

namespace fixtures {
inline constexpr const char* RemoteDashboard = R"({"uid":"d","title":"remote","panels":[
            {"id":1,"type":"timeseries","datasource":{"type":"prometheus","uid":"team-uid"},
             "targets":[{"refId":"A","expr":"up"},{"refId":"B","datasource":{"type":"loki","uid":"team-logs"},"expr":"{job=\"x\"}"}]}]})";
inline constexpr const char* MatrixAnswer = R"({"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"job":"b","__name__":"up"},"values":[[1700000000,"1"],[1700000015.5,"NaN"],[1700000030,"+Inf"]]},
            {"metric":{},"values":[[1700000000.001,"-2.5e3"]]}]},"warnings":["w1"],"infos":["i1"]})";
inline constexpr const char* VectorAnswer = R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":"1"},"value":[10,"3"]}]}})";
inline constexpr const char* ScalarAnswer = R"({"status":"success","data":{"resultType":"scalar","result":[10.5,"7"]}})";
inline constexpr const char* StringAnswer = R"({"status":"success","data":{"resultType":"string","result":[10,"text"]}})";
inline constexpr const char* StreamsAnswer = R"({"status":"success","data":{"resultType":"streams","result":[
            {"stream":{"job":"x"},"values":[["3000000","three"],["1000000","one \"quoted\" \u00e9"]]},
            {"stream":{"job":"y"},"values":[["2000000","two",{"structuredMetadata":{"trace":"t1"},"parsed":{"p":"v"}}]]}],
            "stats":{"summary":{"bytesProcessedPerSecond":1}}}})";
inline constexpr const char* ErrorAnswer = R"({"status":"error","errorType":"bad_data","error":"parse error at char 3"})";
inline constexpr const char* BadSampleValue = R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"x"]]}]}})";
inline constexpr const char* TruncatedAnswer = R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"]})";
inline constexpr const char* TrailingData = R"({"status":"success"} trailing)";
inline constexpr const char* EmptyVectorWithWarning = R"({"status":"success","data":{"resultType":"vector","result":[]},"warnings":["remote says hi"]})";
/// The dashboard rendered on the embedded store and on a real Prometheus holding the same samples: its datasource
/// uid "team-prom" is the embedded Prometheus unless a datasources file configures a remote with that uid.
inline constexpr const char* RenderDashboard = R"J({"uid":"same","title":"same data","schemaVersion":39,
  "time":{"from":"now-2h","to":"now"},
  "panels":[
    {"id":1,"type":"timeseries","title":"rate by code","gridPos":{"x":0,"y":0,"w":12,"h":8},
     "datasource":{"type":"prometheus","uid":"team-prom"},
     "targets":[{"refId":"A","expr":"sum by (code) (rate(http_requests_total[5m]))","legendFormat":"{{code}}"}]},
    {"id":2,"type":"timeseries","title":"p90","gridPos":{"x":12,"y":0,"w":12,"h":8},
     "datasource":{"type":"prometheus","uid":"team-prom"},
     "targets":[{"refId":"A","expr":"histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[$__rate_interval])))"},
                {"refId":"B","expr":"sum(rate(http_request_duration_seconds_sum[10m])) / sum(rate(http_request_duration_seconds_count[10m]))"}]},
    {"id":3,"type":"stat","title":"memory","gridPos":{"x":0,"y":8,"w":6,"h":4},
     "datasource":{"type":"prometheus","uid":"team-prom"},
     "targets":[{"refId":"A","expr":"sum(memory_bytes)"}]},
    {"id":4,"type":"table","title":"top","gridPos":{"x":6,"y":8,"w":18,"h":6},
     "datasource":{"type":"prometheus","uid":"team-prom"},
     "targets":[{"refId":"A","expr":"topk(3, increase(http_requests_total[1h]))","instant":true,"format":"table"}]},
    {"id":5,"type":"timeseries","title":"memory by instance","gridPos":{"x":0,"y":14,"w":12,"h":8},
     "datasource":{"type":"prometheus","uid":"team-prom"},
     "targets":[{"refId":"A","expr":"avg_over_time(memory_bytes[10m]) / 1024","legendFormat":"{{instance}}"},
                {"refId":"B","expr":"max by (instance) (deriv(memory_bytes[15m]))"}]},
    {"id":6,"type":"timeseries","title":"errors ratio","gridPos":{"x":12,"y":14,"w":12,"h":8},
     "datasource":{"type":"prometheus","uid":"team-prom"},
     "targets":[{"refId":"A","expr":"sum by (instance) (rate(http_requests_total{code=~\"5..\"}[5m])) / on (instance) sum by (instance) (rate(http_requests_total[5m]))"}]}
  ]})J";
/// Annotation queries over a remote Loki, a remote Prometheus and the embedded Prometheus (tst_remote_annotations).
inline constexpr const char* AnnotationDashboard = R"J({"uid":"anno","title":"annotations","schemaVersion":39,"panels":[],
  "annotations":{"list":[
    {"builtIn":1,"datasource":{"type":"grafana","uid":"-- Grafana --"},"enable":true,"name":"Annotations & Alerts"},
    {"datasource":{"type":"loki","uid":"team-logs"},"enable":true,"name":"Remote logs","iconColor":"orange",
     "expr":"{app=\"remote-app\"} |= \"warn\"","titleFormat":"{{app}}","tagKeys":"app"},
    {"datasource":{"type":"prometheus","uid":"team"},"enable":true,"name":"Remote busy","iconColor":"purple",
     "expr":"remote_only_requests_total{handler=\"/api\"} > 5","step":"60s","titleFormat":"busy {{handler}}",
     "textFormat":"zone {{zone}}","tagKeys":"zone,handler"},
    {"datasource":{"type":"prometheus","uid":"sightglass-prometheus"},"enable":true,"name":"Local",
     "expr":"local_only_total","step":"1m","titleFormat":"{{job}}"}
  ]}})J";
/// A panel whose datasource is the remote Prometheus "team", with one empty query (tst_remote_editor_completion).
inline constexpr const char* RemotePanelDashboard = R"J({"uid":"edit","title":"remote editor","schemaVersion":39,
  "time":{"from":"now-1h","to":"now"},
  "panels":[{"id":1,"type":"timeseries","title":"remote","gridPos":{"x":0,"y":0,"w":12,"h":8},
    "datasource":{"type":"prometheus","uid":"team"},"targets":[{"refId":"A","expr":""}]}]})J";
} // namespace fixtures
