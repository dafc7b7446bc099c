# Header-level half of the layering check: a layer's sources may include project headers only from
# the layers below it. Run at configure time and as a test:
#   cmake -DORC_SOURCE_DIR=<repo> -P cmake/OrcCheckIncludes.cmake

if(NOT ORC_SOURCE_DIR)
  message(FATAL_ERROR "set ORC_SOURCE_DIR")
endif()

set(_allowed_domain "domain")
set(_allowed_application "domain|application")
set(_allowed_adapters "domain|application|adapters")
set(_allowed_api "domain|application|api")
set(_allowed_runtime "domain|application|adapters|api|runtime")
set(_allowed_gui "domain|application|adapters|api|runtime|gui")
set(_all "domain|application|adapters|api|runtime|gui|apps")

set(_violations "")
foreach(layer IN ITEMS domain application adapters api runtime gui)
  file(GLOB_RECURSE files "${ORC_SOURCE_DIR}/src/${layer}/*.h" "${ORC_SOURCE_DIR}/src/${layer}/*.cpp")
  foreach(file IN LISTS files)
    file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"(${_all})/")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([a-z]+)/.*$" "\\1" target_layer "${line}")
      if(NOT target_layer MATCHES "^(${_allowed_${layer}})$")
        file(RELATIVE_PATH rel "${ORC_SOURCE_DIR}" "${file}")
        list(APPEND _violations "${rel}: ${line} (the ${layer} layer must not include ${target_layer}/)")
      endif()
    endforeach()
  endforeach()
endforeach()

if(_violations)
  list(JOIN _violations "\n  " text)
  message(FATAL_ERROR "layering violation in includes:\n  ${text}")
endif()
