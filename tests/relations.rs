//! Relation extraction, case by case, in sentences of our own: each relation
//! type, active and passive voice, nominalizations, coordination,
//! coreference, modality and negation.

use newsgraph::{Document, Extractor, Input, Modality, RelationType};

struct Case {
    text: &'static str,
    rtype: RelationType,
    subject: &'static [&'static str],
    object: &'static [&'static str],
    modality: Modality,
    negated: bool,
}

macro_rules! case {
    ($text:expr, $t:ident, [$($s:expr),*], [$($o:expr),*], $m:ident) => {
        Case { text: $text, rtype: RelationType::$t, subject: &[$($s),*], object: &[$($o),*], modality: Modality::$m, negated: false }
    };
    ($text:expr, $t:ident, [$($s:expr),*], [$($o:expr),*], $m:ident, negated) => {
        Case { text: $text, rtype: RelationType::$t, subject: &[$($s),*], object: &[$($o),*], modality: Modality::$m, negated: true }
    };
}

fn names(doc: &Document, ids: &[String]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|i| doc.entity(i).map_or(i.clone(), |e| e.name.clone())).collect();
    v.sort();
    v
}

fn check(c: &Case) -> Result<(), String> {
    let doc = Extractor::new().extract(Input::new(c.text).date("2024-05-15".parse().unwrap()));
    let mut want_s: Vec<String> = c.subject.iter().map(|s| s.to_string()).collect();
    let mut want_o: Vec<String> = c.object.iter().map(|s| s.to_string()).collect();
    if c.rtype == RelationType::Meets {
        want_s.append(&mut want_o);
    }
    want_s.sort();
    want_o.sort();
    let found = doc.relations.iter().any(|r| {
        let (mut s, mut o) = (names(&doc, &r.subject), names(&doc, &r.object));
        if c.rtype == RelationType::Meets {
            s.append(&mut o);
            s.sort();
        }
        r.relation_type == c.rtype && s == want_s && o == want_o && r.modality == c.modality && r.negated == c.negated
    });
    if found {
        return Ok(());
    }
    let got: Vec<String> = doc
        .relations
        .iter()
        .map(|r| {
            format!(
                "{} {:?} -> {:?} {} neg={}",
                r.relation_type.as_str(),
                names(&doc, &r.subject),
                names(&doc, &r.object),
                r.modality.as_str(),
                r.negated
            )
        })
        .collect();
    Err(format!(
        "{:?}\n    want {} {:?} -> {:?} {}\n    got  {:?}",
        c.text,
        c.rtype.as_str(),
        want_s,
        want_o,
        c.modality.as_str(),
        got
    ))
}

#[test]
fn relation_cases() {
    let cases = [
        // meets: verb, coordination, nominal, phone call, fronted phrase, pronoun, group.
        case!(
            "Vladimir Putin met Xi Jinping in Beijing on Tuesday.",
            Meets,
            ["Vladimir Putin"],
            ["Xi Jinping"],
            Occurred
        ),
        case!(
            "Narendra Modi and Shehbaz Sharif met briefly in Astana.",
            Meets,
            ["Narendra Modi", "Shehbaz Sharif"],
            [],
            Occurred
        ),
        case!(
            "Emmanuel Macron held talks with Olaf Scholz at the Elysee.",
            Meets,
            ["Emmanuel Macron"],
            ["Olaf Scholz"],
            Occurred
        ),
        case!(
            "Talks between Ilham Aliyev and Nikol Pashinyan ended without a deal.",
            Meets,
            ["Ilham Aliyev", "Nikol Pashinyan"],
            [],
            Occurred
        ),
        case!(
            "During a meeting with Antony Blinken, Wang Yi raised the issue of tariffs.",
            Meets,
            ["Wang Yi"],
            ["Antony Blinken"],
            Occurred
        ),
        case!(
            "Sergei Lavrov arrived in Ankara on Monday. He met Hakan Fidan the next day.",
            Meets,
            ["Sergei Lavrov"],
            ["Hakan Fidan"],
            Occurred
        ),
        case!(
            "Recep Tayyip Erdoğan will meet Vladimir Putin in Sochi next week.",
            Meets,
            ["Recep Tayyip Erdoğan"],
            ["Vladimir Putin"],
            Planned
        ),
        case!(
            "Xi Jinping welcomed Kassym-Jomart Tokayev in Xi'an. The two leaders held talks for three hours.",
            Meets,
            ["Kassym-Jomart Tokayev", "Xi Jinping"],
            [],
            Occurred
        ),
        case!(
            "Joe Biden did not meet Xi Jinping at the forum.",
            Meets,
            ["Joe Biden"],
            ["Xi Jinping"],
            Occurred,
            negated
        ),
        // visits: arrival, nominal with possessive, travel, apposition before the verb.
        case!(
            "Shavkat Mirziyoyev arrived in Dushanbe on Thursday.",
            Visits,
            ["Shavkat Mirziyoyev"],
            ["Dushanbe"],
            Occurred
        ),
        case!("Olaf Scholz's visit to Kazakhstan lasted two days.", Visits, ["Olaf Scholz"], ["Kazakhstan"], Occurred),
        case!(
            "Antony Blinken is expected to travel to Riyadh on Friday.",
            Visits,
            ["Antony Blinken"],
            ["Riyadh"],
            Planned
        ),
        case!(
            "Ilham Aliyev, the Azerbaijani president, visited Tbilisi in April.",
            Visits,
            ["Ilham Aliyev"],
            ["Tbilisi"],
            Occurred
        ),
        // hosts: active verb, participle opening the sentence, future.
        case!("Uzbekistan hosted Ilham Aliyev in Samarkand.", Hosts, ["Uzbekistan"], ["Ilham Aliyev"], Occurred),
        case!(
            "Welcoming the Turkish president, Kassym-Jomart Tokayev said ties were growing.",
            Hosts,
            ["Kassym-Jomart Tokayev"],
            ["Recep Tayyip Erdoğan"],
            Occurred
        ),
        // signs: active with coordinated subject, passive, group phrase.
        case!(
            "Azerbaijan and Georgia signed a transit agreement on Monday.",
            Signs,
            ["Azerbaijan", "Georgia"],
            ["transit agreement"],
            Occurred
        ),
        case!(
            "The memorandum was signed by Sergei Lavrov and Wang Yi.",
            Signs,
            ["Sergei Lavrov", "Wang Yi"],
            ["memorandum"],
            Occurred
        ),
        case!(
            "Vladimir Putin and Xi Jinping met in Moscow. The two leaders later signed a joint statement.",
            Signs,
            ["Vladimir Putin", "Xi Jinping"],
            [],
            Occurred
        ),
        // attends: take part, present (with the event from context), inverted list, negation, skip.
        case!(
            "Narendra Modi will take part in the SCO summit in Astana.",
            Attends,
            ["Narendra Modi"],
            ["SCO summit"],
            Planned
        ),
        case!(
            "The SCO summit opened in Astana. Antonio Guterres was also present.",
            Attends,
            ["António Guterres"],
            ["SCO summit"],
            Occurred
        ),
        case!(
            "Attending were Xi Jinping, Narendra Modi and Vladimir Putin.",
            Attends,
            ["Narendra Modi", "Vladimir Putin", "Xi Jinping"],
            [],
            Occurred
        ),
        case!(
            "Nikol Pashinyan did not attend the CSTO summit in Minsk.",
            Attends,
            ["Nikol Pashinyan"],
            ["CSTO summit"],
            Occurred,
            negated
        ),
        case!(
            "Javier Milei is expected to skip the BRICS summit.",
            Attends,
            ["Javier Milei"],
            ["BRICS summit"],
            Planned,
            negated
        ),
        // conducts: active, relative clause with the exercise as antecedent.
        case!(
            "The CSTO staged the exercise Combat Brotherhood 2024 in Kazakhstan.",
            Conducts,
            ["Collective Security Treaty Organization"],
            ["Combat Brotherhood 2024"],
            Occurred
        ),
        case!(
            "Troops joined Interaction 2024, which the CSTO is holding in Belarus.",
            Conducts,
            ["Collective Security Treaty Organization"],
            ["Interaction 2024"],
            Occurred
        ),
        // convenes: a meeting of a named body.
        case!(
            "A summit of the Organization of Turkic States will take place in Bishkek on November 6.",
            Convenes,
            ["Organization of Turkic States"],
            [],
            Planned
        ),
        // sends_message and congratulates.
        case!(
            "Serdar Berdimuhamedov sent a telegram to Shavkat Mirziyoyev.",
            SendsMessage,
            ["Serdar Berdimuhamedov"],
            ["Shavkat Mirziyoyev"],
            Occurred
        ),
        case!(
            "The OSCE received a letter from Jeyhun Bayramov on Friday.",
            SendsMessage,
            ["Jeyhun Bayramov"],
            ["OSCE"],
            Occurred
        ),
        case!(
            "Xi Jinping and Kim Jong-un exchanged congratulatory messages.",
            Congratulates,
            ["Kim Jong-un"],
            ["Xi Jinping"],
            Occurred
        ),
        case!(
            "Emomali Rahmon congratulated Sadyr Japarov on his birthday.",
            Congratulates,
            ["Emomali Rahmon"],
            ["Sadyr Japarov"],
            Occurred
        ),
        // restricts_entry: obligation, ban, facing restrictions; negation.
        case!(
            "Mongolia would be obliged to arrest Vladimir Putin.",
            RestrictsEntry,
            ["Mongolia"],
            ["Vladimir Putin"],
            Possible
        ),
        case!(
            "Ukraine barred Alexander Lukashenko from entering the country.",
            RestrictsEntry,
            ["Ukraine"],
            ["Alexander Lukashenko"],
            Occurred
        ),
        case!(
            "Benjamin Netanyahu could face entry restrictions into Ireland.",
            RestrictsEntry,
            ["Ireland"],
            ["Benjamin Netanyahu"],
            Possible
        ),
        case!(
            "Tajikistan is under no obligation to detain Vladimir Putin.",
            RestrictsEntry,
            ["Tajikistan"],
            ["Vladimir Putin"],
            Possible,
            negated
        ),
        // Modal cues before the trigger: an obligation, a timetable, a
        // cancellation.
        case!("Kyrgyzstan must host the CSTO summit.", Hosts, ["Kyrgyzstan"], ["CSTO summit"], Planned),
        case!("Sadyr Japarov is slated to visit Moscow in May.", Visits, ["Sadyr Japarov"], ["Moscow"], Planned),
        case!("Belarus scrapped the talks with Lithuania.", Meets, ["Belarus"], ["Lithuania"], Occurred, negated),
        // ratifies: verb, nominal with agent, negation.
        case!("Ukraine ratified the Rome Statute in August.", Ratifies, ["Ukraine"], ["Rome Statute"], Occurred),
        case!(
            "The Rome Statute's ratification by Armenia angered Moscow.",
            Ratifies,
            ["Armenia"],
            ["Rome Statute"],
            Occurred
        ),
        case!(
            "Kazakhstan has not ratified the Rome Statute.",
            Ratifies,
            ["Kazakhstan"],
            ["Rome Statute"],
            Occurred,
            negated
        ),
        // coreference: his country, the court, demonym standing for a country.
        case!(
            "Sadyr Japarov said his country would host the CSTO summit.",
            Hosts,
            ["Kyrgyzstan"],
            ["CSTO summit"],
            Possible
        ),
        // event and document coreference: a description named in the next
        // sentence; "the summit" is the named summit, not the nearer talks.
        case!(
            "Barack Obama and Dmitry Medvedev signed a landmark arms treaty on Thursday. \
             New START limits each side to 1,550 deployed warheads.",
            Signs,
            ["Barack Obama", "Dmitry Medvedev"],
            ["New START"],
            Occurred
        ),
        case!(
            "Leaders met at a summit of the Shanghai Cooperation Organisation in Samarkand. \
             Vladimir Putin held talks with Xi Jinping on Thursday. \
             The two-day summit was hosted by Shavkat Mirziyoyev.",
            Hosts,
            ["Shavkat Mirziyoyev"],
            ["summit of the Shanghai Cooperation Organisation"],
            Occurred
        ),
        // "his wife NAME" is a person and joins the group.
        case!(
            "Shavkat Mirziyoyev and his wife Ziroatkhon Hoshimova hosted a state dinner on Friday.",
            Hosts,
            ["Shavkat Mirziyoyev", "Ziroatkhon Hoshimova"],
            ["state dinner"],
            Occurred
        ),
        // separate meetings with each member of a group.
        case!(
            "Sadyr Japarov held separate talks with Vladimir Putin and Xi Jinping.",
            Meets,
            ["Sadyr Japarov"],
            ["Xi Jinping"],
            Occurred
        ),
        // "May 19" in a dateline is not the modal "may".
        case!(
            "Kassym-Jomart Tokayev and Xi Jinping on May 19 signed the Astana Declaration.",
            Signs,
            ["Kassym-Jomart Tokayev", "Xi Jinping"],
            ["Astana Declaration"],
            Occurred
        ),
        // "face-to-face" is not "faces" (a risk).
        case!(
            "Recep Tayyip Erdogan held face-to-face talks with Joe Biden on Monday.",
            Meets,
            ["Recep Tayyip Erdoğan"],
            ["Joe Biden"],
            Occurred
        ),
        // an object pronoun is not its own clause's subject.
        case!(
            "Ilham Aliyev phoned Recep Tayyip Erdogan on Sunday, and Tamim bin Hamad Al Thani also called to congratulate him.",
            Congratulates,
            ["Tamim bin Hamad Al Thani"],
            ["Recep Tayyip Erdoğan"],
            Occurred
        ),
        case!(
            "Angela Merkel met Emmanuel Macron in Paris, and Olaf Scholz later congratulated her on the talks.",
            Congratulates,
            ["Olaf Scholz"],
            ["Angela Merkel"],
            Occurred
        ),
        // a preposition repeated in coordination: one relation each.
        case!(
            "New START still has to be ratified by the U.S. Senate and by the State Duma.",
            Ratifies,
            ["State Duma"],
            ["New START"],
            Planned
        ),
        case!(
            "Armenian authorities could be required to detain Vladimir Putin.",
            RestrictsEntry,
            ["Armenia"],
            ["Vladimir Putin"],
            Possible
        ),
    ];
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn relations_carry_place_time_and_codes() {
    let doc = Extractor::new().extract(
        Input::new("Vladimir Putin met Xi Jinping in Beijing on Tuesday.").date("2024-05-15".parse().unwrap()),
    );
    let r = doc.relations.iter().find(|r| r.relation_type == RelationType::Meets).unwrap();
    assert_eq!(r.location.as_deref(), Some("place/beijing"));
    let t = doc.time(r.time.as_deref().unwrap()).unwrap();
    assert_eq!(t.value.as_str(), "2024-05-14");
    assert_eq!(r.trigger.text, "met");
    assert_eq!(r.cameo.as_deref(), Some("040"));
    assert_eq!(r.plover.as_deref(), Some("CONSULT"));
    assert!(r.confidence > 0.0 && r.confidence <= 1.0);
}

#[test]
fn a_where_clause_takes_the_place_it_hangs_on() {
    let doc = Extractor::new().extract(
        "Sadyr Japarov flew home from Astana, where he attended a CSTO summit and held talks with Vladimir Putin.",
    );
    for t in [RelationType::Attends, RelationType::Meets] {
        let r = doc.relations.iter().find(|r| r.relation_type == t).unwrap_or_else(|| panic!("{t:?} missing"));
        assert_eq!(r.location.as_deref(), Some("place/astana"), "{t:?}");
    }
}

#[test]
fn one_relation_per_type_and_arguments_per_sentence() {
    let doc = Extractor::new().extract("Vladimir Putin met Xi Jinping, and Xi Jinping met Vladimir Putin again.");
    assert_eq!(doc.relations.iter().filter(|r| r.relation_type == RelationType::Meets).count(), 1);
}

#[test]
fn no_relation_without_a_trigger() {
    let doc = Extractor::new().extract("Vladimir Putin and Xi Jinping, Kazakhstan and the CSTO.");
    assert!(doc.relations.is_empty(), "{:?}", doc.relations);
}

#[test]
fn a_noun_in_apposition_to_an_event_is_not_another_act() {
    let doc = Extractor::new().extract(Input::new(
        "Kassym-Jomart Tokayev and Sadyr Japarov attended the summit, the first meeting of its kind, in Xian.",
    ));
    let meets: Vec<_> = doc.relations.iter().filter(|r| r.relation_type == RelationType::Meets).collect();
    assert!(meets.is_empty(), "{meets:?}");
}
