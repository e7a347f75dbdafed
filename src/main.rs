/// mimalloc rather than the system's allocator: a batch's workers allocate and free a letter's
/// worth of small strings per row, and a PDF's compressor a large buffer each; glibc gave that
/// memory back to the system and faulted it in again every time (benches/batch.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    forget::run()
}
