//! Every metric of rules/metrics.toml on the seed report's wording and at
//! least three other natural phrasings, each in four forms: as written,
//! tone marks in the other style, decomposed (NFD), and with the sentence
//! broken across lines. Independent of the corpus generator's templates.

use std::path::Path;

use baocao_rules::figures::{self, Scope};
use baocao_rules::text::DocTextBuilder;
use baocao_rules::Rules;
use unicode_normalization::UnicodeNormalization;

fn rules() -> Rules {
    Rules::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rules")).unwrap()
}

/// (metric, sentence, expected whole-unit value)
const CASES: &[(&str, &str, f64)] = &[
    ("poor_households", "Đến cuối năm 2025, tỷ lệ hộ nghèo trên địa bàn phường còn 1,14% (96 hộ: Hương Toàn: 42 hộ, Hương Chữ: 29 hộ, Hương Xuân: 25 hộ).", 96.0),
    ("poor_households", "Đến nay toàn phường còn 96 hộ nghèo, chiếm tỷ lệ 1,14%.", 96.0),
    ("poor_households", "Số hộ nghèo theo kết quả rà soát cuối năm 2024 là 96 hộ.", 96.0),
    ("poor_households", "Tổng số hộ nghèo còn lại: 96 hộ.", 96.0),
    ("poor_household_rate", "Đến cuối năm 2025, tỷ lệ hộ nghèo trên địa bàn phường còn 1,14% (96 hộ).", 1.14),
    ("poor_household_rate", "Toàn phường còn 96 hộ nghèo, chiếm tỷ lệ 1,14 % tổng số hộ dân cư.", 1.14),
    ("poor_household_rate", "Tỷ lệ hộ nghèo giảm xuống còn 1,14%.", 1.14),
    ("poor_household_rate", "Hiện có 96 hộ nghèo (Hương Toàn 42 hộ, Hương Chữ 29 hộ), chiếm 1,14%.", 1.14),
    ("near_poor_households", "Toàn phường có 150 hộ cận nghèo, được cấp thẻ bảo hiểm y tế.", 150.0),
    ("near_poor_households", "Số hộ cận nghèo hiện nay là 150 hộ.", 150.0),
    ("near_poor_households", "Toàn phường còn 96 hộ nghèo; 150 hộ cận nghèo.", 150.0),
    ("near_poor_households", "Hộ cận nghèo trên địa bàn là 150 hộ.", 150.0),
    ("jobs_created", "Giai đoạn 2020-2025 có 1.866 lao động được giải quyết việc làm.", 1866.0),
    ("jobs_created", "Trong 5 năm đã giải quyết việc làm cho 1.866 lao động.", 1866.0),
    ("jobs_created", "Tạo việc làm mới cho 1.866 người lao động.", 1866.0),
    ("jobs_created", "Số lao động được giải quyết việc làm giai đoạn 2020-2025 là 1.866 người.", 1866.0),
    ("houses_supported", "UBND phường đã thực hiện xây dựng, sửa chữa nhà ở cho 106 hộ nghèo, hộ cận nghèo.", 106.0),
    ("houses_supported", "Đã hỗ trợ xây mới và sửa chữa 106 nhà ở cho hộ nghèo, hộ cận nghèo.", 106.0),
    ("houses_supported", "Tổng số hộ nghèo, cận nghèo được hỗ trợ xây dựng, sửa chữa nhà ở là 106 hộ.", 106.0),
    ("houses_supported", "Có 106 hộ nghèo được hỗ trợ xây dựng nhà ở.", 106.0),
    ("houses_supported_cost", "Thực hiện xây dựng, sửa chữa nhà ở cho 106 hộ nghèo, hộ cận nghèo, với tổng kinh phí 2.977.500.000 đồng.", 2_977_500_000.0),
    ("houses_supported_cost", "Đã hỗ trợ xây mới và sửa chữa 106 nhà ở cho hộ nghèo, tổng kinh phí hỗ trợ là 2.977,5 triệu đồng.", 2_977_500_000.0),
    ("houses_supported_cost", "Tổng số hộ được hỗ trợ xây dựng, sửa chữa nhà ở là 106 hộ. Tổng kinh phí thực hiện 2.977.500.000 VNĐ.", 2_977_500_000.0),
    ("houses_supported_cost", "Kinh phí xây dựng, sửa chữa nhà ở cho hộ nghèo là 2,9775 tỷ đồng.", 2_977_500_000.0),
    ("makeshift_houses_removed", "Triển khai kế hoạch xóa nhà tạm, nhà dột nát, phường đã tổ chức sửa chữa 01 nhà với tổng số tiền 60 triệu đồng.", 1.0),
    ("makeshift_houses_removed", "Hưởng ứng phong trào, phường đã hoàn thành xóa 4 nhà tạm, nhà dột nát.", 4.0),
    ("makeshift_houses_removed", "Đã hỗ trợ xóa 13 căn nhà tạm cho hộ có hoàn cảnh khó khăn.", 13.0),
    ("makeshift_houses_removed", "Có 7 căn nhà tạm, nhà dột nát được xóa bỏ.", 7.0),
    ("makeshift_houses_removed_cost", "Triển khai kế hoạch xóa nhà tạm, nhà dột nát, phường đã tổ chức sửa chữa 01 nhà với tổng số tiền 60 triệu đồng.", 60_000_000.0),
    ("makeshift_houses_removed_cost", "Phường đã hoàn thành xóa 4 nhà tạm, nhà dột nát với tổng kinh phí 160.000.000 đồng.", 160_000_000.0),
    ("makeshift_houses_removed_cost", "Đã hỗ trợ xóa 13 căn nhà tạm, nhà dột nát cho hộ nghèo; tổng kinh phí thực hiện là 780.000.000đ.", 780_000_000.0),
    ("makeshift_houses_removed_cost", "Kinh phí xóa nhà tạm, nhà dột nát là 0,78 tỷ đồng.", 780_000_000.0),
    ("satisfaction_rate", "Mức độ rất hài lòng của người dân luôn đạt trên 95%.", 95.0),
    ("satisfaction_rate", "Chỉ số hài lòng của người dân về giải quyết thủ tục hành chính tại Bộ phận Một cửa đạt 95%.", 95.0),
    ("satisfaction_rate", "Tỷ lệ người dân hài lòng với sự phục vụ của cơ quan hành chính đạt 95 %.", 95.0),
    ("satisfaction_rate", "Có 95% người dân hài lòng với thái độ phục vụ của cán bộ.", 95.0),
    ("award_provincial_emulation_fighter", "Trong 5 năm qua, đã có 03 cá nhân được công nhận danh hiệu Chiến sĩ thi đua cấp tỉnh.", 3.0),
    ("award_provincial_emulation_fighter", "Danh hiệu Chiến sĩ thi đua cấp tỉnh: 3 cá nhân.", 3.0),
    ("award_provincial_emulation_fighter", "Có 3 đồng chí đạt danh hiệu Chiến sĩ thi đua cấp thành phố.", 3.0),
    ("award_provincial_emulation_fighter", "Đã có 3 chiến sĩ thi đua cấp tỉnh.", 3.0),
    ("award_excellent_labor_collective", "Có 11 tập thể được công nhận danh hiệu Tập thể Lao động xuất sắc.", 11.0),
    ("award_excellent_labor_collective", "Danh hiệu Tập thể Lao động xuất sắc: 11 tập thể.", 11.0),
    ("award_excellent_labor_collective", "Có 11 tập thể lao động xuất sắc.", 11.0),
    ("award_excellent_labor_collective", "11 lượt tập thể đạt danh hiệu Lao động xuất sắc.", 11.0),
    ("award_emulation_flag", "Có 03 tập thể được tặng Cờ thi đua của UBND thành phố.", 3.0),
    ("award_emulation_flag", "UBND thành phố tặng Cờ thi đua cho 3 tập thể.", 3.0),
    ("award_emulation_flag", "Phường được tặng 3 Cờ thi đua.", 3.0),
    ("award_emulation_flag", "Cờ thi đua: 3.", 3.0),
    ("award_merit_certificate_collective", "Có 05 tập thể và 13 cá nhân được Chủ tịch UBND thành phố tặng Bằng khen.", 5.0),
    ("award_merit_certificate_collective", "Chủ tịch UBND tỉnh tặng Bằng khen cho 5 tập thể.", 5.0),
    ("award_merit_certificate_collective", "Có 5 tập thể được tặng Bằng khen.", 5.0),
    ("award_merit_certificate_collective", "Bằng khen cho tập thể: 5.", 5.0),
    ("award_merit_certificate_individual", "Có 05 tập thể và 13 cá nhân được Chủ tịch UBND thành phố tặng Bằng khen.", 13.0),
    ("award_merit_certificate_individual", "Chủ tịch UBND tỉnh tặng Bằng khen cho 4 tập thể và 13 cá nhân.", 13.0),
    ("award_merit_certificate_individual", "Có 13 cá nhân được tặng Bằng khen.", 13.0),
    ("award_merit_certificate_individual", "Bằng khen cho cá nhân: 13.", 13.0),
    ("award_advanced_labor_individual", "Có 2.151 cá nhân được công nhận danh hiệu Lao động tiên tiến.", 2151.0),
    ("award_advanced_labor_individual", "Danh hiệu Lao động tiên tiến: 2.151 cá nhân.", 2151.0),
    ("award_advanced_labor_individual", "Đã công nhận 2.151 lượt cá nhân đạt danh hiệu Lao động tiên tiến.", 2151.0),
    ("award_advanced_labor_individual", "Lao động tiên tiến có 2.151 cá nhân.", 2151.0),
    ("award_grassroots_emulation_fighter", "Có 344 cá nhân được công nhận danh hiệu Chiến sĩ thi đua cơ sở.", 344.0),
    ("award_grassroots_emulation_fighter", "Danh hiệu Chiến sĩ thi đua cơ sở: 344 cá nhân.", 344.0),
    ("award_grassroots_emulation_fighter", "Có 344 chiến sĩ thi đua cơ sở.", 344.0),
    ("award_grassroots_emulation_fighter", "Chiến sĩ thi đua cơ sở: 344.", 344.0),
    ("award_advanced_labor_collective", "Có 59 tập thể được công nhận danh hiệu Tập thể Lao động tiên tiến.", 59.0),
    ("award_advanced_labor_collective", "Danh hiệu Tập thể Lao động tiên tiến: 59 tập thể.", 59.0),
    ("award_advanced_labor_collective", "Có 59 tập thể lao động tiên tiến.", 59.0),
    ("award_advanced_labor_collective", "59 tập thể đạt danh hiệu Lao động tiên tiến.", 59.0),
];

/// The sentence in the other tone-mark style (hòa ↔ hoà), decomposed, and broken over lines.
fn variants(s: &str) -> Vec<(&'static str, String)> {
    let other = baocao_viet::tone::canonicalize_tones(s, baocao_viet::tone::ToneStyle::Modern);
    let words: Vec<&str> = s.split(' ').collect();
    let mid = words.len() / 2;
    let broken = format!("{}\n{}", words[..mid].join(" "), words[mid..].join(" "));
    vec![
        ("as written", s.to_string()),
        ("modern tones", other),
        ("NFD", s.nfd().collect()),
        ("line break", broken),
    ]
}

/// Whole-unit values of `metric` in `text` (lines joined as the text stage joins a wrapped paragraph).
fn values(rules: &Rules, text: &str, metric: &str) -> Vec<f64> {
    let mut b = DocTextBuilder::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0 {
            b.paragraph(1, line);
        } else {
            b.continue_paragraph(1, line);
        }
    }
    let doc = b.finish();
    let unit = rules.units.find("Kim Trà");
    let scope = Scope {
        kind: Some("emulation_awards_5y"),
        unit,
        excluded: Vec::new(),
        year: None,
    };
    figures::find(&doc, &rules.metrics, &scope)
        .into_iter()
        .filter(|f| f.metric == metric && f.subunit.is_empty())
        .map(|f| f.value)
        .collect()
}

#[test]
fn every_metric_on_four_phrasings_in_every_form() {
    let rules = rules();
    let mut failures = Vec::new();
    for (metric, sentence, want) in CASES {
        for (form, text) in variants(sentence) {
            let got = values(&rules, &text, metric);
            if got != vec![*want] {
                failures.push(format!(
                    "{metric} [{form}] «{sentence}»: got {got:?}, want {want}"
                ));
            }
        }
    }
    let metrics: std::collections::BTreeSet<&str> = CASES.iter().map(|c| c.0).collect();
    assert_eq!(metrics.len(), 17, "all 17 metric ids are covered");
    for m in &metrics {
        assert!(
            CASES.iter().filter(|c| c.0 == *m).count() >= 4,
            "{m}: the seed's wording and at least 3 others"
        );
    }
    println!("{} phrasings × 4 forms checked", CASES.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn what_was_done_after_what_was_asked_is_a_figure() {
    let rules = rules();
    for (metric, sentence, want) in [
        (
            "award_merit_certificate_individual",
            "Phường trình đề nghị khen 9 cá nhân; đến tháng 6 đã có 4 cá nhân được tặng Bằng khen của Chủ tịch UBND tỉnh.",
            4.0,
        ),
        (
            "houses_supported",
            "Có 25 hộ đăng ký làm nhà, trong năm đã hỗ trợ xây mới 18 hộ nghèo.",
            18.0,
        ),
    ] {
        assert_eq!(values(&rules, sentence, metric), [want], "{metric}: «{sentence}»");
    }
    // A label naming who was counted, closed by a bare number after a colon.
    let label = "Giai đoạn 2020-2025, cá nhân được Chủ tịch UBND tỉnh tặng Bằng khen: 14.";
    assert_eq!(
        values(&rules, label, "award_merit_certificate_individual"),
        [14.0]
    );
    // Money the sentence opens with as its means pays for the activity after it.
    for (metric, sentence, want) in [
        (
            "makeshift_houses_removed_cost",
            "Với 1.350 triệu đồng huy động từ nhiều nguồn, phường đã xóa 23 nhà tạm, nhà dột nát.",
            1_350_000_000.0,
        ),
        (
            "houses_supported_cost",
            "Bằng nguồn ngân sách 800 triệu đồng, phường hỗ trợ sửa chữa 16 nhà ở cho hộ nghèo.",
            800_000_000.0,
        ),
    ] {
        assert_eq!(
            values(&rules, sentence, metric),
            [want],
            "{metric}: «{sentence}»"
        );
    }
    // Under "Thực hiện", a caption of indicators ("Một số chỉ tiêu") plans nothing.
    let table = "Một số chỉ tiêu 6 tháng đầu năm: Chỉ tiêu | Kế hoạch năm | Thực hiện 6 tháng | Giải quyết việc làm (lao động) | 300 | 164 | Giảm hộ nghèo (hộ) | 10 | 4";
    assert_eq!(values(&rules, table, "jobs_created"), [164.0]);
    // The request alone is still no figure.
    let asked = "Phường trình đề nghị khen 9 cá nhân được tặng Bằng khen của Chủ tịch UBND tỉnh.";
    assert!(values(&rules, asked, "award_merit_certificate_individual").is_empty());
}

#[test]
fn plans_and_starting_points_are_not_figures() {
    let rules = rules();
    for (metric, sentence) in [
        (
            "poor_household_rate",
            "Phấn đấu đến năm 2030, tỷ lệ hộ nghèo giảm xuống dưới 0,5%.",
        ),
        (
            "poor_households",
            "Đầu giai đoạn (năm 2020), toàn phường có 312 hộ nghèo, chiếm 3,8%.",
        ),
        (
            "poor_household_rate",
            "Bình quân mỗi năm tỷ lệ hộ nghèo giảm 0,52%.",
        ),
        (
            "houses_supported",
            "Phấn đấu đến năm 2030 hỗ trợ xây dựng, sửa chữa nhà ở cho 50 hộ nghèo.",
        ),
        (
            "jobs_created",
            "Mục tiêu giai đoạn 2025-2030 giải quyết việc làm cho 2.000 lao động.",
        ),
        // A change word before the state's words: a change, not the level.
        ("poor_households", "Năm 2025 giảm hộ nghèo 4 hộ."),
        (
            "poor_households",
            "Một số chỉ tiêu năm 2025: Chỉ tiêu | Kế hoạch | Thực hiện | Giải quyết việc làm (lao động) | 300 | 164 | Giảm hộ nghèo (hộ) | 10 | 4",
        ),
        // Money for an activity that is itself a plan.
        (
            "makeshift_houses_removed_cost",
            "Với 2 tỷ đồng dự kiến, phường phấn đấu đến năm 2030 xóa 40 nhà tạm.",
        ),
        (
            "makeshift_houses_removed_cost",
            "Huy động 900 triệu đồng để phấn đấu đến năm 2030 xóa 30 nhà tạm.",
        ),
    ] {
        assert!(
            values(&rules, sentence, metric).is_empty(),
            "{metric}: «{sentence}» is not an achievement"
        );
    }
}

/// tests/fixtures/heldout4 (p009, p195, p135, p218, p240): abbreviations a clerk writes for the
/// awards and who got them, and numbers of something else beside the metrics' words.
#[test]
fn abbreviated_awards_count_and_other_support_does_not() {
    let rules = rules();
    let text = "Khen thưởng theo thẩm quyền: LĐTT 1.032 CN; CSTĐCS 156 CN; TTLĐTT 48 TT; BK Chủ tịch UBND tỉnh 03 TT, 06 CN.";
    for (metric, value) in [
        ("award_advanced_labor_individual", 1032.0),
        ("award_grassroots_emulation_fighter", 156.0),
        ("award_advanced_labor_collective", 48.0),
        ("award_merit_certificate_collective", 3.0),
        ("award_merit_certificate_individual", 6.0),
    ] {
        assert_eq!(values(&rules, text, metric), [value], "{metric}");
    }
    for (metric, sentence) in [
        (
            "houses_supported",
            "Tạo việc làm mới cho 96 lao động; hỗ trợ 12 hộ nghèo phát triển sản xuất.",
        ),
        (
            "jobs_created",
            "Có 542 người tham gia BHXH tự nguyện trong năm 2025.",
        ),
        (
            "makeshift_houses_removed",
            "Ngoài ra còn 03 nhà tạm đang hoàn thiện.",
        ),
    ] {
        assert!(
            values(&rules, sentence, metric).is_empty(),
            "{metric}: «{sentence}» is not one"
        );
    }
}
