# The query editor's Explain pane (explain_view.h). Included from ui/CMakeLists.txt; kept apart from the editor's
# own CMake in this folder.
add_library(sg_ui_explain STATIC query_editor/explain_view.cpp query_editor/explain_attach.cpp)
target_include_directories(sg_ui_explain PUBLIC ${CMAKE_SOURCE_DIR})
target_link_libraries(sg_ui_explain PUBLIC sg_explain sg_ui_widgets Qt6::Widgets)
