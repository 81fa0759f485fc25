# Install rules: libraries, headers (public <lmc/lmc.hpp> plus the internal headers it includes) and the CMake
# package, so an outside project can find_package(lmc) and link lmc::lmc (the compiler and Tensor API) or lmc::lm
# (the learning-module library on top of it).
include(CMakePackageConfigHelpers)
install(TARGETS lmc_ir lmc_rewrite lmc_codegen lmc_runtime lmc_frontend lmc_lm EXPORT lmcTargets
        ARCHIVE DESTINATION lib LIBRARY DESTINATION lib)
install(DIRECTORY ir rewrite codegen runtime frontend lm DESTINATION include/lmc_internal
        FILES_MATCHING PATTERN "*.hpp" PATTERN "verify" EXCLUDE PATTERN "include" EXCLUDE)
install(FILES frontend/include/lmc/lmc.hpp DESTINATION include/lmc)
install(EXPORT lmcTargets NAMESPACE lmc:: DESTINATION lib/cmake/lmc)
configure_package_config_file(cmake/lmcConfig.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/lmcConfig.cmake
                              INSTALL_DESTINATION lib/cmake/lmc)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/lmcConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/lmcConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/lmcConfigVersion.cmake
        DESTINATION lib/cmake/lmc)
