// Files as hostile input and as outputs that must never be half-written: reading a regular file under a size cap,
// and writing one file, or a set of files, through temporaries that are fsync'ed, checked at close and renamed into
// place. Its own file because every layer that reads or writes user files (npy, traces, caches, the CLI's JSON) must
// use the same rules.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lmc {

// The whole file at `path`, which must be a regular file (after following links) of at most `max_bytes`; otherwise
// lmc::Error naming `what`, the path and why (a device such as /dev/zero or a FIFO would be read forever).
std::string read_regular_file(const std::string& path, uint64_t max_bytes, std::string_view what);

// Writes `bytes` to `path` so that `path` either keeps its old content or holds all of `bytes`: the data goes to a
// temporary in the same folder, is fsync'ed, close() is checked (a full disk may only say so there), and the
// temporary is renamed over `path`. On any failure the temporary is removed and lmc::Error names `what`, the path
// and the system's reason. An existing device or FIFO (/dev/stdout, /dev/full) is written in place, never replaced,
// every write and the close checked; a directory or socket at `path` is an error.
void write_file_atomic(const std::string& path, std::string_view bytes, std::string_view what);

// Writes a set of files (paths relative to `dir`, '/' making subfolders) so that a failure while writing leaves
// `dir` as it was: every file is first written whole and fsync'ed under a staging folder inside `dir`, and only then
// renamed into place one by one (renames on one file system need no space, so a full disk fails before the first).
// Files of `dir` outside the set are left alone; the staging folder is removed on every path out. lmc::Error names
// `what`, the file and the reason (and, should a rename fail, which files were already replaced).
void write_files_atomic(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files,
                        std::string_view what);

} // namespace lmc
