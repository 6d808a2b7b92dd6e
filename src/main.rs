// Loading allocates many small strings from two threads; mimalloc is markedly faster than
// glibc's allocator at that (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cairn::cli::main()
}
