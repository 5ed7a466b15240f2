"""Log-in slips: one per new participant (and new staff member: their role instead
of an NDH) with their log-in name and one-time password,
four to an A4 page with cutting lines. ``data`` is a ``services.exports.Slips``."""

from __future__ import annotations

from pathlib import Path

from diklat.i18n import t

PER_PAGE = 4


def write_slips(data, path: Path) -> int:
    from diklat.io.pdf import FONT, DiklatPDF

    path = Path(path)
    pdf = DiklatPDF(footer_text=f"{data.cohort_code} · {t('slips.footer')}")
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(t("slips.title", cohort=data.cohort_name))
    height = (pdf.h - 36) / PER_PAGE
    if not data.slips:
        pdf.add_page()
        pdf.set_font(FONT, "", 11)
        pdf.multi_cell(
            0, 6, t("slips.none", changed=data.already_changed), new_x="LMARGIN", new_y="NEXT"
        )
    for i, slip in enumerate(data.slips):
        if i % PER_PAGE == 0:
            pdf.add_page()
        top = 18 + (i % PER_PAGE) * height
        if i % PER_PAGE:
            pdf.set_draw_color(150, 150, 150)
            pdf.set_dash_pattern(dash=2, gap=2)
            pdf.line(pdf.l_margin, top - 2, pdf.w - pdf.r_margin, top - 2)
            pdf.set_dash_pattern()
        pdf.set_xy(pdf.l_margin, top + 2)
        # A long cohort title or institution wraps onto a second line, never cut off.
        pdf.set_font(FONT, "B", 11)
        title = t("slips.title", cohort=data.cohort_name)
        pdf.multi_cell(0, 5, title, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        if data.institution:
            pdf.multi_cell(0, 4.5, data.institution, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font(FONT, "", 11)
        which = (
            (t("slips.ndh"), str(slip.ndh))
            if slip.ndh is not None
            else (t("slips.role"), ", ".join(t(f"role.{r}") for r in slip.roles))
        )
        for label, value in (
            (t("slips.name"), slip.name),
            which,
            (t("slips.login"), slip.login),
        ):
            pdf.cell(52, 6, label)
            pdf.set_font(FONT, "B", 11)
            pdf.multi_cell(0, 6, value, align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FONT, "", 11)
        pdf.cell(52, 8, t("slips.password"))
        pdf.set_font("Courier", "B", 15)
        pdf.cell(0, 8, slip.password, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 8.5)
        pdf.multi_cell(0, 3.8, t("slips.note"), align="L", new_x="LMARGIN", new_y="NEXT")
    from diklat.io.atomic import replacing

    with replacing(path) as tmp:
        pdf.output(str(tmp))
    return path.stat().st_size
