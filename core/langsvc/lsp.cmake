# The Language Server Protocol server of `sightglass lsp` (included from core/CMakeLists.txt, beside sg_langsvc):
# the protocol, the server over the language services, its stdio loop and HTTP completion data.
find_package(Qt6 REQUIRED COMPONENTS Network)

add_library(sg_lsp STATIC
    ${CMAKE_CURRENT_LIST_DIR}/lsp_positions.h ${CMAKE_CURRENT_LIST_DIR}/lsp_positions.cpp
    ${CMAKE_CURRENT_LIST_DIR}/lsp_protocol.h ${CMAKE_CURRENT_LIST_DIR}/lsp_protocol.cpp
    ${CMAKE_CURRENT_LIST_DIR}/lsp_server.h ${CMAKE_CURRENT_LIST_DIR}/lsp_server.cpp
    ${CMAKE_CURRENT_LIST_DIR}/lsp_features.cpp
    ${CMAKE_CURRENT_LIST_DIR}/lsp_stdio.h ${CMAKE_CURRENT_LIST_DIR}/lsp_stdio.cpp
    ${CMAKE_CURRENT_LIST_DIR}/http_completion_data.h ${CMAKE_CURRENT_LIST_DIR}/http_completion_data.cpp
)
target_link_libraries(sg_lsp PUBLIC sg_langsvc sg_promql sg_logql Qt6::Core Qt6::Network)
