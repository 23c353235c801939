//! Searches across a sentence: the activity named before a value ("Thực hiện
//! Chương trình xóa nhà tạm…, xã đã hoàn thành 19 nhà"), in the sentence
//! before it, or after it ("Với tổng nguồn lực 1,65 tỷ đồng, xã đã xóa 30 nhà
//! tạm").

use super::{near, usable, Binding, How, Input};
use crate::concepts::Role;

/// The nearest concept named before value `i` in its sentence that may take
/// it (only activities when `activity_only`): the cost after a list of
/// parts, "xã đã hoàn thành 19 nhà" after "Chương trình xóa nhà tạm, …".
pub(super) fn left_search(input: &Input, i: usize, activity_only: bool) -> Option<Binding> {
    let start = input.layout.sentence(input.values[i].span.start).start;
    left_search_in(input, i, start, activity_only)
}

/// [`left_search`] from `start` on.
pub(super) fn left_search_in(
    input: &Input,
    i: usize,
    start: usize,
    activity_only: bool,
) -> Option<Binding> {
    let v = &input.values[i];
    near(input.mentions, start..v.head())
        .rev()
        .map(|mi| (mi, &input.mentions[mi]))
        .filter(|(_, m)| m.span.end <= v.head() && m.span.start >= start)
        .find_map(|(mi, m)| {
            let (concept, metric) = usable(input, i, mi, v.head() - m.span.end, false)?;
            let role = input.metrics.concepts[concept].role;
            (!activity_only || role == Role::Activity).then(|| Binding {
                concept,
                metric,
                how: How::Clause,
                evidence: m.span.clone(),
            })
        })
}

/// The nearest activity named after value `i` in its sentence that takes it
/// as a figure: "Với tổng nguồn lực 1.650 triệu đồng, xã đã xóa xong 30 nhà
/// tạm …".
pub(super) fn right_search(input: &Input, i: usize) -> Option<Binding> {
    let v = &input.values[i];
    let sentence = input.layout.sentence(v.span.start);
    near(input.mentions, v.tail()..sentence.end)
        .map(|mi| (mi, &input.mentions[mi]))
        .filter(|(_, m)| m.span.start >= v.tail() && m.span.end <= sentence.end)
        .find_map(|(mi, m)| {
            // Only an activity with a figure: "Nhờ nguồn vốn 3,5 tỷ đồng huy
            // động được, xã hoàn thành …" — where the money came from is not
            // what it paid for.
            let (concept, metric) = usable(input, i, mi, m.span.start - v.tail(), true)?;
            let activity = input.metrics.concepts[concept].role == Role::Activity;
            (activity && metric.is_some()).then(|| Binding {
                concept,
                metric,
                how: How::Clause,
                evidence: m.span.clone(),
            })
        })
}
