//! The table of time expressions in `tests/data/times.tsv`: each row an
//! anchor date, a sentence of our own, and the expressions with their values.

use newsgraph::{Extractor, Input, TimeKind};

#[test]
fn time_expression_table() {
    let table = include_str!("data/times.tsv");
    let ex = Extractor::new();
    let mut rows = 0;
    let mut failures = Vec::new();
    for (n, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        rows += 1;
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "times.tsv:{}: expected 3 columns", n + 1);
        let mut input = Input::new(cols[1]);
        if cols[0] != "-" {
            input = input.date(cols[0].parse().unwrap());
        }
        let doc = ex.extract(input);
        let got: Vec<String> = doc
            .times
            .iter()
            .filter(|t| {
                !matches!(t.kind, TimeKind::Duration | TimeKind::Set | TimeKind::Anniversary) || cols[2].contains('P')
            })
            .map(|t| format!("{}={}", t.text, t.value))
            .collect();
        let want: Vec<String> =
            if cols[2] == "-" { Vec::new() } else { cols[2].split(" | ").map(str::to_string).collect() };
        if got != want {
            failures.push(format!("times.tsv:{}: {:?}\n    want {:?}\n    got  {:?}", n + 1, cols[1], want, got));
        }
    }
    assert!(rows >= 200, "only {rows} rows");
    assert!(failures.is_empty(), "{} of {rows} rows fail:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn output_never_depends_on_the_wall_clock() {
    let ex = Extractor::new();
    let text = "The envoy arrived on Thursday and will leave on October 13.";
    let none = ex.extract(text);
    let values: Vec<&str> = none.times.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["XXXX-WXX-4", "XXXX-10-13"]);
    let anchored = ex.extract(Input::new(text).date("2023-10-06".parse().unwrap()));
    let values: Vec<&str> = anchored.times.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, ["2023-10-05", "2023-10-13"]);
}
