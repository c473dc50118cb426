fn main() {
    let args: Vec<String> = std::env::args().collect();
    let spec = seam_generator::load::load_file(std::path::Path::new(&args[1])).unwrap();
    let (api, warnings) = seam_generator::ir::build::build(&spec.document, &args[2]).unwrap();
    for w in warnings { eprintln!("{w}"); }
    println!("{api:#?}");
}
