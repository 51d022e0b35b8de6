# Script mode: writes IN as a byte array named SYMBOL into OUT.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE ${OUT}
"// Generated from ${IN}; do not edit.\n#include <string_view>\nnamespace epb::embedded {\nstatic const char k_data[] = {${bytes} '\\0'};\nextern const std::string_view ${SYMBOL}{k_data, ${size}};\n}\n")
