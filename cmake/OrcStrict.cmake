# One INTERFACE target carries the language level and the strictness every project target builds with.
# Link it PRIVATE from each library and executable (orc_add_layer and orc_add_executable do that).

option(ORC_WERROR "Treat compiler warnings as errors (CI builds with this on)" OFF)
option(ORC_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)

if(NOT TARGET orc_strict)
  add_library(orc_strict INTERFACE)
  target_compile_features(orc_strict INTERFACE cxx_std_20)
  target_compile_definitions(orc_strict INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_FOREACH
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
  target_compile_options(orc_strict INTERFACE
    -Wall -Wextra -Wpedantic -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual
    -Wcast-qual -Wformat=2 -Wimplicit-fallthrough)
  if(ORC_WERROR)
    target_compile_options(orc_strict INTERFACE -Werror)
  endif()
  if(ORC_SANITIZE)
    target_compile_options(orc_strict INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(orc_strict INTERFACE -fsanitize=address,undefined)
  endif()
endif()

# ccache when available: CI starts from a clean clone, so a warm cache is what keeps rebuilds short.
find_program(ORC_CCACHE ccache)
if(ORC_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${ORC_CCACHE}")
  message(STATUS "Using ccache: ${ORC_CCACHE}")
endif()
