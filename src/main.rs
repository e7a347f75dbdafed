fn main() -> std::process::ExitCode {
    forget::run()
}
