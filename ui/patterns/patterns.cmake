# "What changed" view: ranked log patterns with line-filter / pattern-parser actions (not wired into a page here).
add_library(sg_ui_patterns STATIC
    ${CMAKE_CURRENT_LIST_DIR}/what_changed_view.h ${CMAKE_CURRENT_LIST_DIR}/what_changed_view.cpp)
target_include_directories(sg_ui_patterns PUBLIC ${CMAKE_SOURCE_DIR})
target_link_libraries(sg_ui_patterns PUBLIC sg_patterns sg_ui_widgets Qt6::Widgets)
