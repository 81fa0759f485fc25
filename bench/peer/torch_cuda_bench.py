# Baselines for bench/cuda_bench, run on the same GPU in the same job: device-to-device copy bandwidth, the same
# elementwise and reduction workloads in PyTorch eager, and torch.matmul fp32 with TF32 off. Writes JSON.
import json
import sys

import torch


def cuda_ms(fn, reps=20):
    fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2]


def main(out_path):
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    n = 1 << 26
    a, b, c = (torch.rand(n, device=dev) for _ in range(3))
    dst = torch.empty_like(a)
    res = {"device": torch.cuda.get_device_name(0)}
    copy_ms = cuda_ms(lambda: dst.copy_(a))
    res["copy_gbs"] = 2 * 4 * n / (copy_ms * 1e-3) / 1e9
    res["fma_ms"] = cuda_ms(lambda: torch.add(torch.mul(a, b), c))
    m = torch.rand(8192, 8192, device=dev)
    res["rowsum_ms"] = cuda_ms(lambda: m.sum(1))
    res["colsum_ms"] = cuda_ms(lambda: m.sum(0))
    m2 = torch.rand(8192, 8192, device=dev)
    res["fused_ms"] = cuda_ms(lambda: (m * m2).sum(1))
    x, y = torch.rand(4096, 4096, device=dev), torch.rand(4096, 4096, device=dev)
    res["matmul_ms"] = cuda_ms(lambda: torch.matmul(x, y), reps=10)
    res["matmul_tflops"] = 2 * 4096**3 / (res["matmul_ms"] * 1e-3) / 1e12
    xb, yb = x.to(torch.bfloat16), y.to(torch.bfloat16)
    res["matmul_bf16_ms"] = cuda_ms(lambda: torch.matmul(xb, yb), reps=10)
    res["matmul_bf16_tflops"] = 2 * 4096**3 / (res["matmul_bf16_ms"] * 1e-3) / 1e12
    with open(out_path, "w") as f:
        json.dump(res, f)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
