# Explain (explain.h): a query as a tree of its sub-expressions, each described and evaluated on its own.
# Included from core/CMakeLists.txt; kept apart from the language service's own CMake.
add_library(sg_explain STATIC
    langsvc/explain_describe.cpp
    langsvc/explain_describe_logql.cpp
    langsvc/explain_plan.cpp
    langsvc/explain_promql.cpp
    langsvc/explain_logql.cpp
    langsvc/explain_eval.cpp
    langsvc/explain_print.cpp
)
target_link_libraries(sg_explain PUBLIC sg_services sg_promql sg_logql Qt6::Core)
