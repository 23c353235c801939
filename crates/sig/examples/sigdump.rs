//! Prints the signature report of each PDF given on the command line as JSON.

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        match baocao_sig::read_signatures(&bytes) {
            Ok(report) => {
                println!("== {path}");
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).expect("serializable")
                );
                println!("{}", baocao_sig::format_timeline(&report));
            }
            Err(e) => println!("== {path}\nerror: {e}"),
        }
    }
}
