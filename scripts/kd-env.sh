# Sourced by scripts/run-local.sh and scripts/bench.sh: the environment every kd-stream JVM runs in.
# The Dockerfiles set the same (ENV), and so does the Maven build for the JVMs its tests start.
#
# glibc returns freed blocks above 128 KiB to the kernel (and from a thread's arena, trims the top of
# the heap), so every training step maps fresh pages for its activations and takes a page fault per
# 4 KiB: the tutorial teacher's step spent about a quarter of its time there. These keep freed memory
# in the process for the next step: blocks up to 32 MiB (the largest threshold glibc accepts) come
# from the heap, and the heap is not trimmed below 1 GiB of free space.
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
KD_TORCH_THREADS="${KD_TORCH_THREADS:-1}"
# DJL must never download (the CPU libtorch is on the classpath); one libtorch thread per process
# unless KD_TORCH_THREADS says otherwise.
KD_JAVA_OPTS=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$KD_TORCH_THREADS"
  -Dai.djl.pytorch.num_interop_threads="$KD_TORCH_THREADS")
