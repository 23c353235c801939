//! The report's sections about files: those that could not be read (file,
//! status, reason and what the clerk can do; and the files of the folder
//! that are not PDFs) and what the signatures show per file — whether the
//! content is unchanged since signing — saying that certificate trust is
//! not checked.

use std::fmt::Write;

use super::{esc, Input};
use crate::lang::{self as i18n, Lang};
use crate::store::{Head, Unchanged};

/// The files that could not be read: status, reason and what to do; and
/// the files of the folder that are not PDFs.
pub fn unread(input: &Input) -> String {
    let lang = input.lang;
    let mut s = format!(
        "<section id=\"unread\"><h2>{}</h2>",
        lang.pick("Tệp không đọc được", "Files not read")
    );
    let unread: Vec<&Head> = input.batch.unread().collect();
    if unread.is_empty() {
        let _ = write!(
            s,
            "<p class=\"muted\">{}</p>",
            lang.pick("Mọi tệp PDF đều đọc được.", "Every PDF file was read.")
        );
    } else {
        let _ = write!(
            s,
            "<table class=\"unread\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            lang.pick("Tệp", "File"),
            lang.pick("Trạng thái", "Status"),
            lang.pick("Lý do", "Reason"),
            lang.pick("Cần làm gì", "What to do"),
        );
        for d in unread {
            let _ = write!(
                s,
                "<tr data-file=\"{}\" data-status=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&d.file),
                d.status,
                esc(&d.file),
                esc(i18n::status(d.status, lang)),
                esc(&d.message),
                esc(i18n::advice(d.status, lang)),
            );
        }
        s.push_str("</table>");
    }
    let skipped = &input.batch.skipped;
    if !skipped.is_empty() {
        let _ = write!(
            s,
            "<p class=\"skipped\">{} ({}): {}</p>",
            lang.pick(
                "Tệp không phải PDF trong thư mục, không được đọc",
                "Files in the folder that are not PDFs, not read"
            ),
            skipped.len(),
            esc(&skipped.join(", "))
        );
    }
    s.push_str("</section>\n");
    s
}

/// What the signatures show per file: content unchanged since signing (or
/// not, or unknown); certificate trust is not checked, and the page says so.
pub fn signatures(input: &Input, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = input.lang;
    let mut s = format!(
        "<section id=\"signatures\"><h2>{}</h2><p class=\"muted trust\">{}</p>",
        lang.pick("Chữ ký số", "Digital signatures"),
        esc(lang.pick(
            "Đã kiểm tra: nội dung tệp không thay đổi kể từ khi ký (mã băm của từng chữ ký khớp với phần đã ký) và những gì được thêm vào sau chữ ký cuối cùng. Chưa kiểm tra: chứng thư số của người ký có hợp lệ, còn hiệu lực và do tổ chức được tin cậy cấp hay không — vì vậy «nội dung không đổi» không có nghĩa là chữ ký có giá trị pháp lý.",
            "Checked: the file's content is unchanged since signing (each signature's digest matches the bytes it signed) and what was added after the last signature. Not checked: whether the signer's certificate is valid, unrevoked and issued by a trusted authority — so \"content unchanged\" does not mean the signature is legally valid."
        ))
    );
    let _ = write!(
        s,
        "<table class=\"signatures\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        lang.pick("Tệp", "File"),
        lang.pick("Đơn vị", "Unit"),
        lang.pick("Số chữ ký", "Signatures"),
        lang.pick("Nội dung không đổi từ khi ký", "Content unchanged since signing"),
        lang.pick("Chứng thư số", "Certificate trust"),
    );
    for d in input.heads().iter().filter(|d| !d.status.is_failure()) {
        let _ = write!(
            s,
            "<tr data-file=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&d.file),
            esc(&d.file),
            esc(&d.unit),
            d.signatures,
            esc(unchanged(d.unchanged, lang)),
            esc(lang.pick("chưa kiểm tra", "not checked")),
        );
        w.write_all(s.as_bytes())?;
        s.clear();
    }
    w.write_all(s.as_bytes())?;
    w.write_all(b"</table></section>\n")
}

/// Whether a file's content is unchanged since it was signed, in words.
fn unchanged(u: Unchanged, lang: Lang) -> &'static str {
    match u {
        Unchanged::Unsigned => lang.pick("— (không có chữ ký)", "— (unsigned)"),
        Unchanged::No => lang.pick("Không — đã bị thay đổi", "No — it was changed"),
        Unchanged::Yes => lang.pick("Có", "Yes"),
        Unchanged::Unknown => lang.pick("Không rõ", "Unknown"),
    }
}
