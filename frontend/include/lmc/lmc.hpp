// The public header: `#include <lmc/lmc.hpp>` gives lmc::Tensor, the dtypes, lmc::Error and the device queries.
#pragma once
#include "frontend/step.hpp"
#include "frontend/tensor.hpp"
#include "ir/dtype.hpp"
#include "ir/error.hpp"
