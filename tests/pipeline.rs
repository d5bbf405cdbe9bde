//! End-to-end behaviour of the entity stage, in sentences of our own.

use newsgraph::{EntityType, Extractor, Input, MentionKind};

use crate::common::assert_doc;

fn extract(text: &str, date: &str) -> newsgraph::Document {
    Extractor::new().extract(Input::new(text).date(date.parse().unwrap()))
}

fn mention<'d>(doc: &'d newsgraph::Document, id: &str) -> Option<&'d newsgraph::Mention> {
    doc.entity(id).and_then(|e| e.mentions.first())
}

#[test]
fn embedded_extractor_builds_and_knows_the_world() {
    let ex = Extractor::new();
    assert!(ex.entry_count() > 4000, "{} entries", ex.entry_count());
    assert!(ex.warnings().is_empty(), "default gazetteers have warnings: {:?}", ex.warnings());
}

#[test]
fn title_and_name_fuse_into_one_mention() {
    let doc = extract("Tajik President Emomali Rahmon flew to Dushanbe.", "2023-05-02");
    let m = mention(&doc, "person/emomali-rahmon").unwrap();
    assert_doc(
        m.text == "Tajik President Emomali Rahmon" && m.title.as_deref() == Some("Tajik President"),
        &doc,
        "fused",
    );
    // The demonym inside the title is a country mention of its own.
    assert_doc(doc.entity("country/tajikistan").is_some(), &doc, "demonym");
}

#[test]
fn titles_resolve_to_the_office_holder_on_the_anchor_date() {
    let text = "The Russian president spoke by phone with his Kazakh counterpart.";
    let doc = extract(text, "2010-06-01");
    let m = mention(&doc, "person/dmitry-medvedev").expect("Medvedev in 2010");
    assert_eq!(m.kind, MentionKind::Title);
    assert_eq!(m.text, "Russian president");
    assert!(doc.entity("person/nursultan-nazarbayev").is_some(), "counterpart in 2010: {}", doc.to_json_pretty());
    let doc = extract(text, "2023-06-01");
    assert!(doc.entity("person/vladimir-putin").is_some());
    assert!(doc.entity("person/kassym-jomart-tokayev").is_some());
}

#[test]
fn demonyms_are_country_mentions() {
    let doc = extract("North Korean and Kyrgyz officials met Russian diplomats.", "2023-05-02");
    for id in ["country/north-korea", "country/kyrgyzstan", "country/russia"] {
        let e = doc.entity(id).unwrap_or_else(|| panic!("{id} missing: {}", doc.to_json_pretty()));
        assert!(e.mentions.iter().any(|m| m.kind == MentionKind::Demonym && m.text.split(' ').count() <= 2), "{id}");
    }
}

#[test]
fn surnames_merge_into_the_full_entity() {
    let doc = extract("Sergei Lavrov arrived late. Lavrov then met reporters.", "2023-05-02");
    let e = doc.entity("person/sergei-lavrov").unwrap();
    assert_eq!(e.mentions.len(), 2);
    assert_eq!(e.mentions[1].kind, MentionKind::Alias);
}

#[test]
fn unknown_names_after_titles_become_persons() {
    let doc = extract(
        "Deputy Foreign Minister Talgat Ormanbekov met Mr. Ormanbekov's aides. Ormanbekov later left.",
        "2023-05-02",
    );
    let e = doc.entity("person/talgat-ormanbekov").expect("a person found by shape");
    assert_eq!(e.origin, "pattern");
    assert_eq!(e.mentions.len(), 3, "{}", doc.to_json_pretty());
}

#[test]
fn given_names_introduce_unknown_persons() {
    let doc = extract("Officials said Nurlan Kemelbekov would lead the delegation.", "2023-05-02");
    assert!(doc.entity("person/nurlan-kemelbekov").is_some(), "{}", doc.to_json_pretty());
}

#[test]
fn organizations_by_their_shape() {
    let doc = extract(
        "The Ministry of Water Resources and Irrigation of Lakeland signed a deal with the Kyrgyz Emergency Committee.",
        "2023-05-02",
    );
    let orgs: Vec<&str> =
        doc.entities.iter().filter(|e| e.entity_type == EntityType::Organization).map(|e| e.name.as_str()).collect();
    assert!(orgs.contains(&"Ministry of Water Resources and Irrigation of Lakeland"), "{orgs:?}");
    assert!(orgs.contains(&"Kyrgyz Emergency Committee"), "{orgs:?}");
}

#[test]
fn places_by_their_shape() {
    let doc = extract("Floods hit the Talas region and the Zhambyl region.", "2023-05-02");
    let names: Vec<&str> =
        doc.entities.iter().filter(|e| e.entity_type == EntityType::Place).map(|e| e.name.as_str()).collect();
    assert!(names.iter().any(|n| n.starts_with("Talas")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("Zhambyl")), "{names:?}");
}

#[test]
fn ambiguous_surname_follows_the_given_name() {
    let doc = extract("Akylbek Japarov chaired the cabinet. Sadyr Japarov signed the decree.", "2023-05-02");
    assert!(doc.entity("person/akylbek-japarov").is_some());
    assert!(doc.entity("person/sadyr-japarov").is_some());
}

#[test]
fn bare_shared_surname_needs_context() {
    // "Park" is shared by several Koreans and is an English word.
    let doc = extract("They walked in the Park of Friendship.", "2023-05-02");
    assert!(!doc.entities.iter().any(|e| e.entity_type == EntityType::Person), "{}", doc.to_json_pretty());
}

#[test]
fn acronyms_are_case_sensitive_and_words_whole() {
    let doc = extract("The CIS met. Iranian envoys said cis and us are words.", "2023-05-02");
    assert!(doc.entity("organization/cis").is_some());
    assert!(doc.entity("country/united-states").is_none(), "{}", doc.to_json_pretty());
    let iran = doc.entity("country/iran").unwrap();
    assert_eq!(iran.mentions[0].text, "Iranian");
}

#[test]
fn datelines_give_place_agency_and_anchor() {
    let doc = Extractor::new().extract("TASHKENT, 3 June 2024 (Lakeland Wire) - Leaders met on Monday.");
    let dl = doc.dateline.as_ref().unwrap();
    assert_eq!(dl.place.as_deref(), Some("place/tashkent"));
    assert_eq!(doc.date.as_deref(), Some("2024-06-03"));
    assert_eq!(doc.date_source, newsgraph::DateSource::Dateline);
    assert!(doc.entity("organization/lakeland-wire").is_some());
    // "on Monday" in the past tense of a Monday dateline is that Monday.
    assert_eq!(doc.times.last().unwrap().value.as_str(), "2024-06-03");
}

#[test]
fn possessives_and_line_breaks() {
    let doc = extract("Kazakhstan’s envoy met Vladimir\nPutin.", "2023-05-02");
    assert_eq!(mention(&doc, "country/kazakhstan").unwrap().text, "Kazakhstan");
    assert_eq!(mention(&doc, "person/vladimir-putin").unwrap().text, "Vladimir\nPutin");
}

#[test]
fn malformed_gazetteer_names_file_and_line() {
    let e = Extractor::builder()
        .gazetteer_str("custom.tsv", "# my list\norganization/x\torganization\tX Corp\t\tfounded=1999\n")
        .build()
        .unwrap_err();
    assert_eq!(e.source_name(), Some("custom.tsv"));
    assert_eq!(e.line_number(), Some(2));
    assert!(e.to_string().contains("unknown attribute `founded`"), "{e}");
}

#[test]
fn plain_tsv_gazetteers_load() {
    let ex = Extractor::builder()
        .default_gazetteers(false)
        .gazetteer_str("sheet.tsv", "id\ttype\tname\nq1\tperson\tAda Lovelace\nq1\tperson\tLovelace\n")
        .build()
        .unwrap();
    let doc = ex.extract("Ada Lovelace wrote. Lovelace left.");
    assert_eq!(doc.entities.len(), 1);
    assert_eq!(doc.entities[0].mentions.len(), 2);
}

#[test]
fn a_family_name_alone_follows_the_full_name() {
    let doc = extract(
        "Ban on imports was lifted. Ban Ki-moon opened the session. Ban, who chaired it, spoke of the moon. Moon said nothing.",
        "2015-06-01",
    );
    let ban = doc.entity("person/ban-ki-moon").expect("Ban Ki-moon");
    let texts: Vec<&str> = ban.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["Ban Ki-moon", "Ban"], "only after the full name, and never 'Moon' from 'Ki-moon'");
    assert!(ban.mentions[1].start > ban.mentions[0].start);
}
