//! The `cairn` binary: flags, the context every command runs in, one module per command,
//! and the renderers. Everything else is in the library, `cairn-core`.

mod apply;
mod args;
mod cli;
mod commands;
mod complete;
mod context;
mod error;
mod mcp;
mod render;
mod serve;

// Loading allocates many small strings from two threads; mimalloc is markedly faster than
// glibc's allocator at that (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
