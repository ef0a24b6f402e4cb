#!/usr/bin/env bash
# Installs the library from BUILD_DIR (default build) into a temporary prefix and builds a
# small project against it with find_package(suanli): checks the CMake package config.
set -euo pipefail
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
mkdir -p "$tmp/app"
cat > "$tmp/app/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(app CXX)
set(CMAKE_CXX_STANDARD 20)
find_package(suanli REQUIRED)
add_executable(app main.cc)
target_link_libraries(app suanli::suanli)
CMAKE
cat > "$tmp/app/main.cc" <<'CPP'
#include <cstdio>
#include "suanli/catalog.h"
#include "suanli/model_params.h"
int main() {
  suanli::Result<suanli::Catalog> catalog = suanli::Catalog::builtin();
  if (!catalog.ok()) return 1;
  suanli::Result<suanli::Model> model = catalog->model("llama3-70b");
  if (!model.ok()) return 1;
  std::printf("find_package(suanli) works: %s has %.2fB parameters\n", model->id.c_str(),
              suanli::count_params(*model).total / 1e9);
}
CPP
cmake -S "$tmp/app" -B "$tmp/app/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/app/build" >/dev/null
"$tmp/app/build/app"
