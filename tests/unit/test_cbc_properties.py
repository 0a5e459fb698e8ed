"""Property tests: random valid CbC reports always pass the builder and the OECD schema; random
invalid ones (a valid report with one rule broken) are always refused before sending."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import cbc_samples as c
import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from wus_client.errors import MessageValidationError
from wus_client.messages.cbc import (
    AdditionalInfo,
    Address,
    BizActivity,
    CbcBody,
    CbcMessage,
    CbcReport,
    ConstEntity,
    DocSpec,
    DocTypeIndic,
    MessageSpec,
    MessageTypeIndic,
    Organisation,
    ReportingEntity,
    ReportingRole,
    Summary,
    SummaryElement,
    new_ref_id,
)

pytestmark = pytest.mark.reference

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def oecd(reference_dir: Path) -> etree.XMLSchema:
    return c.oecd_schema(reference_dir)


@pytest.fixture(scope="module")
def codes(reference_dir: Path) -> dict[str, list[str]]:
    """Codes both pycountry (the builder) and the OECD's lists (the XSD) accept."""
    countries = {x.alpha_2 for x in pycountry.countries}
    currencies = {x.alpha_3 for x in pycountry.currencies}
    return {
        "country": sorted(set(c.oecd_codes(reference_dir, "CountryCode_Type")) & countries),
        "currency": sorted(set(c.oecd_codes(reference_dir, "currCode_Type")) & currencies),
        "language": ["EN", "NL", "DE", "FR", "ES"],
    }


def texts(max_size: int) -> st.SearchStrategy[str]:
    """Any XML-safe text; long values are sampled sparsely (length limits have their own tests)."""
    max_size = min(max_size, 24)
    chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    return st.text(chars, min_size=1, max_size=max_size).filter(lambda t: t.strip() != "")


AMOUNT = st.integers(min_value=-(10**15), max_value=10**15)


@st.composite
def organisations(draw: st.DrawFn, codes: dict[str, list[str]]) -> Organisation:
    country = st.sampled_from(codes["country"])
    address = st.one_of(
        st.builds(Address, country_code=country, free=texts(60)),
        st.builds(
            Address,
            country_code=country,
            city=texts(40),
            street=st.none() | texts(40),
            post_code=st.none() | texts(10),
        ),
    )
    return Organisation(
        name=draw(texts(200)),
        tin=draw(texts(30)),
        tin_issued_by=draw(st.none() | country),
        res_country_codes=tuple(draw(st.lists(country, min_size=1, max_size=2))),
        other_names=tuple(draw(st.lists(texts(50), max_size=1))),
        addresses=tuple(draw(st.lists(address, max_size=2))),
    )


@st.composite
def summaries(draw: st.DrawFn, codes: dict[str, list[str]]) -> Summary:
    unrelated, related = draw(AMOUNT), draw(AMOUNT)
    return Summary(
        currency=draw(st.sampled_from(codes["currency"])),
        revenues_unrelated=unrelated,
        revenues_related=related,
        revenues_total=draw(st.sampled_from([None, unrelated + related])),
        profit_or_loss=draw(AMOUNT),
        tax_paid=draw(AMOUNT),
        tax_accrued=draw(AMOUNT),
        capital=draw(AMOUNT),
        earnings=draw(AMOUNT),
        assets=draw(AMOUNT),
        nb_employees=draw(st.integers(0, 10**7)),
    )


def doc_specs(kind: str, test: bool, entity: bool) -> st.SearchStrategy[DocSpec]:
    offset = 10 if test else 0

    def make(k: int, ref: str) -> DocSpec:
        indic = DocTypeIndic(f"OECD{k + offset}")
        return DocSpec(doc_type_indic=indic, corr_doc_ref_id=ref if k in (2, 3) else None)

    options = [1] if kind == "new" else ([0, 2, 3] if entity else [2, 3])
    return st.builds(make, st.sampled_from(options), texts(40))


@st.composite
def valid_messages(draw: st.DrawFn, codes: dict[str, list[str]]) -> CbcMessage:
    kind = draw(st.sampled_from(["new", "correction"]))
    test = draw(st.booleans())
    end = draw(st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31)))
    country = st.sampled_from(codes["country"])
    bodies = []
    for _ in range(draw(st.integers(1, 2))):
        entity = ReportingEntity(
            entity=draw(organisations(codes)),
            reporting_role=draw(st.sampled_from(list(ReportingRole))),
            start_date=end - timedelta(days=draw(st.integers(0, 400))),
            end_date=end,
            name_mne_group=draw(st.none() | texts(200)),
            doc_spec=draw(doc_specs(kind, test, True)),
        )
        reports = [
            CbcReport(
                res_country_code=draw(country),
                summary=draw(summaries(codes)),
                const_entities=tuple(
                    ConstEntity(
                        entity=draw(organisations(codes)),
                        biz_activities=tuple(
                            draw(st.lists(st.sampled_from(list(BizActivity)), min_size=1, max_size=3))
                        ),
                    )
                    for _ in range(draw(st.integers(1, 2)))
                ),
                doc_spec=draw(doc_specs(kind, test, False)),
            )
            for _ in range(draw(st.integers(1 if kind == "new" else 0, 3)))
        ]
        infos = [
            AdditionalInfo(
                other_info=tuple(draw(st.lists(texts(200), min_size=1, max_size=2))),
                language=draw(st.none() | st.sampled_from(codes["language"])),
                summary_refs=tuple(draw(st.lists(st.sampled_from(list(SummaryElement)), max_size=2))),
                doc_spec=draw(doc_specs(kind, test, False)),
            )
            for _ in range(draw(st.integers(0, 2)))
        ]
        bodies.append(CbcBody(reporting_entity=entity, reports=tuple(reports), additional_info=tuple(infos)))
    spec = MessageSpec(
        transmitting_country=draw(country),
        receiving_countries=tuple(draw(st.lists(country, min_size=1, max_size=3))),
        reporting_period=end,
        message_type_indic=MessageTypeIndic.NEW if kind == "new" else MessageTypeIndic.CORRECTION,
        message_ref_id=draw(st.none() | texts(170)) or new_ref_id(),
        language=draw(st.none() | st.sampled_from(codes["language"])),
        timestamp=draw(
            st.datetimes(
                min_value=datetime(2017, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
            )
        ),
    )
    return CbcMessage(message_spec=spec, bodies=tuple(bodies), identiteit=c.IDENTITY)


@SETTINGS
@given(data=st.data())
def test_random_valid_reports_pass_builder_and_oecd_schema(
    data: st.DataObject, oecd: etree.XMLSchema, codes: dict[str, list[str]]
) -> None:
    message = data.draw(valid_messages(codes))
    message.validate()
    assert oecd.validate(etree.fromstring(message.to_xml())), oecd.error_log


# --- one broken rule at a time ------------------------------------------------------------------


def _report(message: CbcMessage, **changes: Any) -> CbcMessage:
    body = message.bodies[0]
    if not body.reports:
        body = dataclasses.replace(
            body,
            reports=(
                c.report_de(
                    dataclasses.replace(
                        body.reporting_entity.doc_spec,
                        doc_type_indic=DocTypeIndic.CORRECTED
                        if body.reporting_entity.doc_spec.doc_type_indic.production is DocTypeIndic.RESENT
                        else body.reporting_entity.doc_spec.doc_type_indic,
                        doc_ref_id=new_ref_id(),
                        corr_doc_ref_id=body.reporting_entity.doc_spec.corr_doc_ref_id or "x",
                    )
                ),
            ),
        )
    first = dataclasses.replace(body.reports[0], **changes)
    return dataclasses.replace(
        message, bodies=(dataclasses.replace(body, reports=(first, *body.reports[1:])), *message.bodies[1:])
    )


def _summary(message: CbcMessage, **changes: Any) -> CbcMessage:
    report = _report(message).bodies[0].reports[0]
    assert report.summary is not None
    return _report(message, summary=dataclasses.replace(report.summary, **changes))


def _flip_kind(message: CbcMessage) -> CbcMessage:
    new = message.message_spec.message_type_indic is MessageTypeIndic.NEW
    other = MessageTypeIndic.CORRECTION if new else MessageTypeIndic.NEW
    return dataclasses.replace(
        message, message_spec=dataclasses.replace(message.message_spec, message_type_indic=other)
    )


def _entity_doc(message: CbcMessage, **changes: Any) -> CbcMessage:
    body = message.bodies[0]
    entity = dataclasses.replace(
        body.reporting_entity, doc_spec=dataclasses.replace(body.reporting_entity.doc_spec, **changes)
    )
    return dataclasses.replace(
        message, bodies=(dataclasses.replace(body, reporting_entity=entity), *message.bodies[1:])
    )


def _mix_test(message: CbcMessage) -> CbcMessage:
    indic = message.bodies[0].reporting_entity.doc_spec.doc_type_indic
    flipped = DocTypeIndic(indic.value[:-2] + indic.value[-1] if indic.is_test else f"OECD1{indic.value[-1]}")
    if len(list(_all_docs(message))) == 1:  # give the flipped one a partner to disagree with
        message = _report(message)
    return _entity_doc(message, doc_type_indic=flipped)


def _all_docs(message: CbcMessage) -> list[DocSpec]:
    return [
        d
        for b in message.bodies
        for d in (
            b.reporting_entity.doc_spec,
            *(r.doc_spec for r in b.reports),
            *(a.doc_spec for a in b.additional_info),
        )
    ]


def _duplicate_doc_ref(message: CbcMessage) -> CbcMessage:
    message = _report(message)
    return _report(
        message,
        doc_spec=dataclasses.replace(
            message.bodies[0].reports[0].doc_spec,
            doc_ref_id=message.bodies[0].reporting_entity.doc_spec.doc_ref_id,
        ),
    )


def _drop_corr(message: CbcMessage) -> CbcMessage:
    new = message.message_spec.message_type_indic is MessageTypeIndic.NEW
    if new:  # a new message: make the first report a correction without CorrDocRefId (also a mix)
        return _report(message, doc_spec=DocSpec(doc_type_indic=DocTypeIndic.CORRECTED))
    message = _report(message)
    doc = message.bodies[0].reports[0].doc_spec
    return _report(message, doc_spec=dataclasses.replace(doc, corr_doc_ref_id=None))


MUTATIONS: dict[str, Callable[[CbcMessage, st.DataObject], CbcMessage]] = {
    "correction-without-corrdocrefid": lambda m, d: _drop_corr(m),
    "new-and-correction-mixed": lambda m, d: _flip_kind(m),
    "test-and-production-mixed": lambda m, d: _mix_test(m),
    "duplicate-docrefid": lambda m, d: _duplicate_doc_ref(m),
    "empty-summary": lambda m, d: _report(m, summary=None),
    "no-const-entities": lambda m, d: _report(m, const_entities=()),
    "total-mismatch": lambda m, d: _summary(
        m,
        revenues_total=d.draw(AMOUNT.filter(lambda x: x != 0))
        + (_report(m).bodies[0].reports[0].summary.total),
    ),
    "not-an-integer": lambda m, d: _summary(m, capital=d.draw(st.sampled_from([1.5, True, "10", None]))),
    "negative-employees": lambda m, d: _summary(m, nb_employees=d.draw(st.integers(max_value=-1))),
    "bad-currency": lambda m, d: _summary(
        m,
        currency=d.draw(
            st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=0, max_size=5).filter(
                lambda t: pycountry.currencies.get(alpha_3=t) is None
            )
        ),
    ),
    "bad-country": lambda m, d: _report(
        m, res_country_code=d.draw(st.sampled_from(["nl", "NLD", "", "ZZ", "EU"]))
    ),
    "text-too-long": lambda m, d: _report(
        m,
        res_country_code="NL",
        const_entities=(
            ConstEntity(
                entity=dataclasses.replace(c.GMBH, name="x" * d.draw(st.integers(201, 400))),
                biz_activities=(BizActivity.OTHER,),
            ),
        ),
    ),
    "blank-text": lambda m, d: _report(
        m,
        const_entities=(
            ConstEntity(
                entity=dataclasses.replace(c.GMBH, tin=d.draw(st.sampled_from(["", " ", "\t"]))),
                biz_activities=(BizActivity.OTHER,),
            ),
        ),
    ),
    "period-mismatch": lambda m, d: dataclasses.replace(
        m,
        message_spec=dataclasses.replace(
            m.message_spec,
            reporting_period=m.message_spec.reporting_period + timedelta(days=d.draw(st.integers(1, 99))),
        ),
    ),
    "no-bodies": lambda m, d: dataclasses.replace(m, bodies=()),
}


@SETTINGS
@given(data=st.data(), mutation=st.sampled_from(sorted(MUTATIONS)))
def test_random_invalid_reports_are_always_refused(
    data: st.DataObject, mutation: str, codes: dict[str, list[str]]
) -> None:
    message = data.draw(valid_messages(codes))
    message.validate()
    broken = MUTATIONS[mutation](message, data)
    with pytest.raises(MessageValidationError) as info:
        broken.validate()
    assert info.value.field.startswith("CBC_OECD")
