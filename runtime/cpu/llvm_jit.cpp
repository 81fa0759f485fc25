// LlvmJit: parse, verify, optimize at O3 for the host, emit object code, then hand it to ORC LLJIT, one JITDylib per
// kernel (so two kernels may share a symbol name). libm comes from the process, the 16-bit float libcalls from helpers
// here. The object code is kept on disk (<LMC_CACHE_DIR>/cpu), keyed by the IR, the LLVM version and the host CPU and
// its features, so a later process loads it instead of running O3 and the code generator again (most of a CPU
// backend's first step).
#include "runtime/cpu/llvm_jit.hpp"

#include "codegen/render/float_bits.hpp"
#include "ir/config.hpp"
#include "ir/error.hpp"
#include "ir/hash.hpp"
#include "runtime/disk_cache.hpp"

#include <llvm/ADT/SmallVector.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/IRReader/IRReader.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>

#include <atomic>
#include <bit>
#include <filesystem>
#include <fmt/format.h>
#include <future>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <variant>
#include <vector>

namespace lmc {

namespace {

// The 16-bit float libcalls LLVM emits (double -> half always; float <-> half without F16C). libgcc 12 lacks
// some of them, so the JIT defines its own. Half travels in the low 16 bits of an SSE register on x86-64, which
// is where a float's bits travel, so float stands in for the 16-bit type in these signatures.
float half_bits_as_float(uint16_t bits) {
  return std::bit_cast<float>(uint32_t{bits});
}
uint16_t float_low_bits(float f) {
  return static_cast<uint16_t>(std::bit_cast<uint32_t>(f));
}
float lmc_truncdfhf2(double v) {
  return half_bits_as_float(double_to_half_bits(v));
}
float lmc_truncsfhf2(float v) {
  return half_bits_as_float(double_to_half_bits(v));
}
float lmc_extendhfsf2(float h) {
  return static_cast<float>(half_bits_to_double(float_low_bits(h)));
}
float lmc_truncdfbf2(double v) {
  return half_bits_as_float(double_to_bf16_bits(v));
}
float lmc_truncsfbf2(float v) {
  return half_bits_as_float(double_to_bf16_bits(v));
}

std::string to_string(llvm::Error err) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << err;
  return out;
}

template <class T>
T unwrap(llvm::Expected<T> value, const char* what) {
  if (!value) throw Error(fmt::format("LLVM JIT: {}: {}", what, to_string(value.takeError())));
  return std::move(*value);
}

void check(llvm::Error err, const char* what) {
  if (err) throw Error(fmt::format("LLVM JIT: {}: {}", what, to_string(std::move(err))));
}

[[noreturn]] void reject(const std::string& name, const std::string& diag, const std::string& ir) {
  throw Error(fmt::format("LLVM could not compile kernel '{}': {}\n--- LLVM IR ---\n{}", name, diag, ir));
}

void init_llvm_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

} // namespace

struct LlvmJit::Impl {
  llvm::orc::JITTargetMachineBuilder jtmb = unwrap(llvm::orc::JITTargetMachineBuilder::detectHost(), "detect host");
  std::unique_ptr<llvm::orc::LLJIT> jit;
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_future<CpuKernel>> cache;
  std::atomic<uint64_t> compiled{0}, disk_hits{0}, dylibs{0};

  Impl() {
    jtmb.setCodeGenOptLevel(llvm::CodeGenOpt::Aggressive);
    jit = unwrap(
        llvm::orc::LLJITBuilder()
            .setJITTargetMachineBuilder(jtmb)
            // A target machine per compile, so kernels compile concurrently from several threads.
            .setCompileFunctionCreator([](llvm::orc::JITTargetMachineBuilder b)
                                           -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
              return std::make_unique<llvm::orc::ConcurrentIRCompiler>(std::move(b));
            })
            .create(),
        "create LLJIT");
    llvm::orc::JITDylib& main = jit->getMainJITDylib();
    main.addGenerator(
        unwrap(llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(jit->getDataLayout().getGlobalPrefix()),
               "process symbols"));
    llvm::orc::SymbolMap helpers;
    auto add = [&](const char* name, auto* fn) {
      helpers[jit->mangleAndIntern(name)] =
          llvm::JITEvaluatedSymbol(llvm::pointerToJITTargetAddress(fn), llvm::JITSymbolFlags::Exported);
    };
    add("__truncdfhf2", &lmc_truncdfhf2);
    add("__truncsfhf2", &lmc_truncsfhf2);
    add("__extendhfsf2", &lmc_extendhfsf2);
    add("__gnu_f2h_ieee", &lmc_truncsfhf2);
    add("__gnu_h2f_ieee", &lmc_extendhfsf2);
    add("__truncdfbf2", &lmc_truncdfbf2);
    add("__truncsfbf2", &lmc_truncsfbf2);
    check(main.define(llvm::orc::absoluteSymbols(std::move(helpers))), "define float16 helpers");
  }

  void optimize(llvm::Module& m, llvm::TargetMachine& tm) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PipelineTuningOptions pto;
    pto.LoopVectorization = true;
    pto.SLPVectorization = true;
    llvm::PassBuilder pb(&tm, pto);
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
    pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3).run(m, mam);
  }

  // Parsed, verified, retargeted to the host and optimized at O3; throws lmc::Error for bad IR.
  std::unique_ptr<llvm::Module> prepare(const std::string& ir, const std::string& name, llvm::LLVMContext& ctx) {
    llvm::SMDiagnostic diag;
    std::unique_ptr<llvm::Module> m = llvm::parseIR(llvm::MemoryBufferRef(ir, name), diag, ctx);
    if (!m) {
      std::string msg;
      llvm::raw_string_ostream os(msg);
      diag.print(name.c_str(), os, false);
      reject(name, os.str(), ir);
    }
    {
      std::string msg;
      llvm::raw_string_ostream os(msg);
      if (llvm::verifyModule(*m, &os)) reject(name, os.str(), ir);
    }
    if (!m->getFunction(name) || m->getFunction(name)->isDeclaration())
      reject(name, fmt::format("the module defines no function '{}'", name), ir);
    std::unique_ptr<llvm::TargetMachine> tm = unwrap(jtmb.createTargetMachine(), "create target machine");
    m->setTargetTriple(tm->getTargetTriple().str());
    m->setDataLayout(tm->createDataLayout());
    // The attributes make every pass (vectorizer cost models included) see the host's features, e.g. AVX-512.
    for (llvm::Function& f : *m) {
      if (f.isDeclaration()) continue;
      f.addFnAttr("target-cpu", tm->getTargetCPU());
      f.addFnAttr("target-features", tm->getTargetFeatureString());
    }
    optimize(*m, *tm);
    return m;
  }

  // Everything the object code depends on besides the IR: a cache shared by machines (a network home directory) or
  // kept across an LLVM upgrade never hands out code built for another CPU or code generator.
  uint64_t object_key(const std::string& ir, const std::string& name) {
    std::unique_ptr<llvm::TargetMachine> tm = unwrap(jtmb.createTargetMachine(), "create target machine");
    return StableHasher()
        .add_str("llvm-object")
        .add_str(LLVM_VERSION_STRING)
        .add_str(tm->getTargetTriple().str())
        .add_str(tm->getTargetCPU().str())
        .add_str(tm->getTargetFeatureString().str())
        .add_str(name)
        .add_str(ir)
        .digest();
  }

  // O3 and the code generator: the module as an ELF object in memory.
  std::vector<char> emit_object(const std::string& ir, const std::string& name) {
    llvm::LLVMContext ctx;
    std::unique_ptr<llvm::Module> m = prepare(ir, name, ctx);
    std::unique_ptr<llvm::TargetMachine> tm = unwrap(jtmb.createTargetMachine(), "create target machine");
    llvm::SmallVector<char, 0> object;
    llvm::raw_svector_ostream os(object);
    llvm::legacy::PassManager pm;
    if (tm->addPassesToEmitFile(pm, os, nullptr, llvm::CGFT_ObjectFile))
      reject(name, "the host target cannot emit object files", ir);
    pm.run(*m);
    return std::vector<char>(object.begin(), object.end());
  }

  // The object linked into a fresh JITDylib and the kernel's address, or LLVM's message when it does not link.
  std::variant<CpuKernel, std::string> load(const std::vector<char>& object, const std::string& name) {
    auto created = jit->createJITDylib(fmt::format("lmc.kernel{}", dylibs.fetch_add(1)));
    if (!created) throw Error(fmt::format("LLVM JIT: create JITDylib: {}", to_string(created.takeError())));
    llvm::orc::JITDylib& jd = *created;
    jd.addToLinkOrder(jit->getMainJITDylib());
    if (llvm::Error e = jit->addObjectFile(
            jd, llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(object.data(), object.size()), name)))
      return to_string(std::move(e));
    auto sym = jit->lookup(jd, name);
    if (!sym) return to_string(sym.takeError());
    return sym->toPtr<CpuKernel>();
  }

  CpuKernel build(const std::string& ir, const std::string& name) {
    DiskCache disk(config().cache_dir + "/cpu", ".o");
    const uint64_t key = object_key(ir, name);
    if (std::optional<std::vector<char>> cached = disk.get(key)) {
      auto loaded = load(*cached, name);
      if (auto* fn = std::get_if<CpuKernel>(&loaded)) {
        disk_hits.fetch_add(1);
        return *fn;
      }
      // Whole and checksummed, yet not a loadable object with this kernel (written by a broken build, or by hand):
      // dropped and rebuilt, never a permanent failure.
      if (config().debug >= 1)
        fmt::print(stderr, "lmc: cached object {} does not load ({}); rebuilding it\n", disk.path(key),
                   std::get<std::string>(loaded));
      std::error_code ec;
      std::filesystem::remove(disk.path(key), ec);
    }
    const std::vector<char> object = emit_object(ir, name);
    compiled.fetch_add(1);
    auto loaded = load(object, name);
    if (auto* why = std::get_if<std::string>(&loaded)) reject(name, *why, ir);
    disk.put(key, object); // only code that loaded is kept
    return std::get<CpuKernel>(loaded);
  }
};

LlvmJit& LlvmJit::global() {
  static LlvmJit jit;
  return jit;
}

LlvmJit::LlvmJit() {
  init_llvm_once();
  impl_ = std::make_unique<Impl>();
}

LlvmJit::~LlvmJit() = default;

CpuKernel LlvmJit::compile(const std::string& ir, const std::string& name) {
  std::string key = name;
  key += '\n';
  key += ir;
  std::promise<CpuKernel> promise;
  std::shared_future<CpuKernel> future;
  {
    std::lock_guard lock(impl_->mutex);
    auto it = impl_->cache.find(key);
    if (it != impl_->cache.end()) {
      future = it->second;
    } else {
      impl_->cache.emplace(key, promise.get_future().share());
    }
  }
  if (future.valid()) return future.get(); // compiled, or being compiled by another thread
  // Compiled outside the lock so different kernels compile in parallel; a failure is not cached.
  try {
    CpuKernel fn = impl_->build(ir, name);
    promise.set_value(fn);
    return fn;
  } catch (...) {
    promise.set_exception(std::current_exception());
    std::lock_guard lock(impl_->mutex);
    impl_->cache.erase(key);
    throw;
  }
}

uint64_t LlvmJit::compiled_count() const {
  return impl_->compiled.load();
}

uint64_t LlvmJit::disk_hit_count() const {
  return impl_->disk_hits.load();
}

std::string LlvmJit::optimized_ir(const std::string& ir, const std::string& name) {
  llvm::LLVMContext ctx;
  std::unique_ptr<llvm::Module> m = impl_->prepare(ir, name, ctx);
  std::string out;
  llvm::raw_string_ostream os(out);
  m->print(os, nullptr);
  return os.str();
}

std::string llvm_version() {
  return LLVM_VERSION_STRING;
}

std::string host_cpu() {
  return llvm::sys::getHostCPUName().str();
}

} // namespace lmc
