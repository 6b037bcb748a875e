fn main() {
    let guide = slatewise_slate::gv6_2020();
    let w = guide.estimated_weights().unwrap();
    let a = slatewise_slate::analyse(&guide, &w).unwrap();
    println!(
        "published: max dev {:.4} worst {:?}",
        a.max_deviation(),
        a.worst()
    );
    for g in &a.groups {
        println!("  {:?} {}", g.regions, g.supporters);
    }
    let d = slatewise_slate::design(&guide, &w, &Default::default()).unwrap();
    println!("design: {:#?}", d.balance);
    for g in d.groups() {
        println!("  {:?} {} {:?}", g.regions, g.supporters, g.order);
    }
    println!("analysis max dev {:.4}", d.analysis.max_deviation());
}
