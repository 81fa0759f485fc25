#include "runtime/opt_target.hpp"

#include "ir/config.hpp"
#include "runtime/cuda/cuda_device.hpp"

#include <thread>

namespace lmc {

OptTarget opt_target(Device& device) {
  if (auto* cuda = dynamic_cast<CudaDevice*>(&device)) {
    OptTarget t = OptTarget::cuda(cuda->target().sm);
    t.max_local_threads = cuda->target().max_block_threads;
    t.dynamic_shared_bytes = cuda->target().max_shared_optin;
    return t;
  }
  const int threads = config().threads > 0 ? config().threads : static_cast<int>(std::thread::hardware_concurrency());
  return OptTarget::cpu(threads);
}

} // namespace lmc
