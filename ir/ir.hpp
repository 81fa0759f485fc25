// ir/: the table of contents. dtype (scalars, vectors, pointers), op_table (every op, one row), arg (typed
// arguments), uop (hash-consed nodes), shape (tensor shape derivation), hash (stable hashing), json (export),
// verify (per-stage rules), parse (the printed expression syntax read back), config (LMC_* flags), checked (size
// arithmetic that refuses to overflow), file_io (hostile files read under a cap; outputs, one file or a set, written
// all or none), rebuild (the one bottom-up graph rebuild), reduce_identity (what each reduction starts from).
// print.cpp implements UOp::listing and UOp::expr.
#pragma once
#include "ir/arg.hpp"
#include "ir/checked.hpp"
#include "ir/config.hpp"
#include "ir/dtype.hpp"
#include "ir/error.hpp"
#include "ir/file_io.hpp"
#include "ir/hash.hpp"
#include "ir/json.hpp"
#include "ir/op_table.hpp"
#include "ir/parse.hpp"
#include "ir/rebuild.hpp"
#include "ir/reduce_identity.hpp"
#include "ir/shape.hpp"
#include "ir/uop.hpp"
#include "ir/verify.hpp"
