"""`kansli render report|notice|minutes|extract <id> [-o FILE] [--html] [--store USER]`."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kansli.documents.models import Rendering

from .conftest import approve_all, normalise, pdf_text


def test_report_to_pdf_and_html(seed_report, tmp_path):
    out = tmp_path / "report.pdf"
    call_command("render", "report", str(seed_report.pk), "-o", str(out))
    assert "Dnr KS13/250-133" in normalise(pdf_text(out.read_bytes()))
    call_command("render", "report", str(seed_report.pk), "-o", str(tmp_path / "r.html"),
                 "--html")
    assert "<h2>Förslag till beslut</h2>" in (tmp_path / "r.html").read_text()
    assert not Rendering.objects.exists()


def test_meeting_documents(kf_meeting, tmp_path):
    meeting, people, paragraphs = kf_meeting
    approve_all(meeting, people)
    for kind, pk in (("notice", meeting.pk), ("minutes", meeting.pk),
                     ("extract", paragraphs[0].pk)):
        out = tmp_path / f"{kind}.pdf"
        call_command("render", kind, str(pk), "-o", str(out))
        assert out.read_bytes().startswith(b"%PDF"), kind
    assert not Rendering.objects.exists()


def test_store(kf_meeting, tmp_path, registrar):
    meeting, people, _paragraphs = kf_meeting
    approve_all(meeting, people)
    out = tmp_path / "minutes.pdf"
    call_command("render", "minutes", str(meeting.pk), "-o", str(out), "--store",
                 registrar.username)
    rendering = Rendering.objects.get(kind="minutes")
    assert rendering.created_by == registrar
    again = tmp_path / "again.pdf"
    call_command("render", "minutes", str(meeting.pk), "-o", str(again))
    assert again.read_bytes() == out.read_bytes()


def test_errors(seed_report, kf_meeting):
    meeting, _people, _paragraphs = kf_meeting
    with pytest.raises(CommandError, match="no report with id 999999"):
        call_command("render", "report", "999999")
    with pytest.raises(CommandError, match="no user nobody"):
        call_command("render", "report", str(seed_report.pk), "--store", "nobody")
    with pytest.raises(CommandError):
        call_command("render", "minutes", str(meeting.pk), "--store", "registrator")
