# interlude_embed(TARGET SYMBOL FILE): compiles FILE into TARGET as
# `extern const std::string_view SYMBOL` in namespace interlude, so shipped
# schemas and stylesheets travel inside the binary.
function(interlude_embed target symbol file)
  get_filename_component(name ${file} NAME)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${file} -DOUTPUT=${out} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
    DEPENDS ${file} ${PROJECT_SOURCE_DIR}/cmake/EmbedFile.cmake
    COMMENT "Embedding ${name}")
  target_sources(${target} PRIVATE ${out})
endfunction()
