include!("../common/tables.rs");

fn main() {
    let _ = client().call(BumpArgs { name: "x".into() }).get();
}
