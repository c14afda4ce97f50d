"""Export everything a person owns, import it into an empty account, exactly."""

import json

import pytest
from django.contrib.auth import get_user_model

from accounts.ownership import owned_models, unowned_local_models
from applications.models import Application
from portability import services
from portability.services import (
    ACCOUNT_FIELDS,
    ACCOUNT_FIELDS_KEPT_WITH_THE_ACCOUNT,
    ImportRefused,
    data_export,
    data_export_csv_zip,
    data_import,
    owned_row_count,
    parse_export,
)
from tests.factories import ApplicationFactory, UserFactory
from tests.world import build_world

pytestmark = pytest.mark.django_db


def normalised(export: dict) -> dict:
    """The export with ids replaced by positions, so two accounts compare equal."""
    by_label = {o.label: o for o in owned_models()}
    positions = {
        label: {row["id"]: index for index, row in enumerate(rows)}
        for label, rows in export["models"].items()
    }

    def ref(model, value):
        target = next((o for o in owned_models() if o.model is model), None)
        if target is not None and value in positions.get(target.label, {}):
            return (target.label, positions[target.label][value])
        return ("shared", value)

    result = {}
    for label, rows in export["models"].items():
        model = by_label[label].model
        out = []
        for row in rows:
            clean = {}
            for name, value in row.items():
                if name == "id":
                    continue
                field = model._meta.get_field(name)
                if field.many_to_many:
                    value = sorted(ref(field.related_model, v) for v in value)
                elif field.is_relation and value is not None:
                    value = ref(field.related_model, value)
                clean[name] = value
            out.append(clean)
        result[label] = out
    account = {k: v for k, v in export["account"].items() if k != "email"}
    return {"account": account, "models": result}


def test_every_model_of_rebound_is_traced_to_an_owner():
    assert unowned_local_models() == []


def test_every_account_field_is_either_exported_or_kept_with_the_account():
    names = {f.name for f in get_user_model()._meta.concrete_fields}
    assert names == set(ACCOUNT_FIELDS) | set(ACCOUNT_FIELDS_KEPT_WITH_THE_ACCOUNT)


def test_export_holds_every_owned_model_and_only_the_persons_rows(user, other_user):
    mine = build_world(user, tag="qzxa")
    theirs = build_world(other_user, tag="qzxb", pk_offset=500)
    text = json.dumps(data_export(user=user))
    assert all(marker in text for marker in mine.markers)
    assert theirs.leaked_markers(text) == []
    exported = data_export(user=user)["models"]
    assert set(exported) == {o.label for o in owned_models()}
    assert all(exported[o.label] for o in owned_models()), "a model with no rows exported"


def test_round_trip_into_an_empty_account_reproduces_everything(user):
    build_world(user, tag="qzxa")
    first = data_export(user=user)
    newcomer = UserFactory()
    raw = json.dumps(first).encode()
    summary = data_import(user=newcomer, data=parse_export(raw))
    assert summary.total == sum(len(rows) for rows in first["models"].values())
    second = data_export(user=newcomer)
    # Access tokens and shares come in closed (tests/api/test_tokens.py,
    # tests/sharing/test_data.py); all else exactly.
    for export in (first, second):
        for token in export["models"]["api.accesstoken"]:
            token["revoked_at"] = None
        for share in export["models"].get("sharing.share", []):
            share["revoked_at"] = None
            share["token_hash"] = ""
    assert normalised(second) == normalised(first)
    # The trash came across as the trash.
    assert Application.objects.in_trash_of(newcomer).count() == 1
    # And the original is untouched.
    original = data_export(user=user)
    assert original["models"]["api.accesstoken"][0]["revoked_at"] is None
    for token in original["models"]["api.accesstoken"]:
        token["revoked_at"] = None
    for share in original["models"].get("sharing.share", []):
        share["revoked_at"] = None
        share["token_hash"] = ""
    assert normalised(original) == normalised(first)


def test_import_refuses_an_account_that_already_holds_data(user):
    build_world(user, tag="qzxa")
    data = data_export(user=user)
    other = UserFactory()
    ApplicationFactory(owner=other)
    before = owned_row_count(user=other)
    with pytest.raises(ImportRefused, match="already holds"):
        data_import(user=other, data=data)
    assert owned_row_count(user=other) == before


def test_an_import_that_fails_midway_leaves_nothing_behind(user, monkeypatch):
    build_world(user, tag="qzxa")
    data = data_export(user=user)
    newcomer = UserFactory()
    real_build = services._build
    calls = {"n": 0}

    def failing_build(**kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("disk full")
        return real_build(**kwargs)

    monkeypatch.setattr(services, "_build", failing_build)
    with pytest.raises(RuntimeError):
        data_import(user=newcomer, data=data)
    assert owned_row_count(user=newcomer) == 0
    newcomer.refresh_from_db()
    assert newcomer.name != data["account"]["name"]


def test_an_invalid_row_refuses_the_whole_import(user):
    build_world(user, tag="qzxa")
    data = data_export(user=user)
    data["models"]["applications.application"][0]["interest"] = 9
    newcomer = UserFactory()
    with pytest.raises(ImportRefused, match="not valid"):
        data_import(user=newcomer, data=data)
    assert owned_row_count(user=newcomer) == 0


def test_a_reference_to_another_persons_row_is_refused(user, other_user):
    theirs = ApplicationFactory(owner=other_user)
    build_world(user, tag="qzxa")
    data = data_export(user=user)
    data["models"]["feedback.rejection"][0]["application"] = theirs.pk
    data["models"]["applications.application"] = [
        row for row in data["models"]["applications.application"] if row["id"] != theirs.pk
    ]
    newcomer = UserFactory()
    with pytest.raises(ImportRefused):
        data_import(user=newcomer, data=data)
    assert owned_row_count(user=newcomer) == 0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe not text", "could not be read"),
        (b"{not json", "could not be read"),
        (b"[]", "not a Rebound export"),
        (b'{"format": "something-else"}', "not a Rebound export"),
        (b'{"format": "rebound-export", "version": 99, "models": {}}', "another version"),
        (b'{"format": "rebound-export", "version": 1, "models": {"x.y": []}}', "does not know"),
        (
            b'{"format": "rebound-export", "version": 1, "models": '
            b'{"applications.company": [{"id": 1, "name": "A\\u0000B"}]}}',
            "NUL",
        ),
        (
            b'{"format": "rebound-export", "version": 1, "models": {"applications.company": [1]}}',
            "damaged",
        ),
    ],
)
def test_files_that_are_not_exports_are_refused_with_a_reason(raw, message):
    with pytest.raises(ImportRefused, match=message):
        parse_export(raw)


def test_csv_zip_has_one_file_per_kind_of_record_and_the_uploaded_files(user):
    import io
    import zipfile

    build_world(user, tag="qzxa")
    archive = zipfile.ZipFile(io.BytesIO(data_export_csv_zip(user=user)))
    tables = [n for n in archive.namelist() if n.endswith(".csv")]
    assert len(tables) == len(owned_models())
    assert "qzxa" in archive.read("applications-application.csv").decode("utf-8-sig")
    # The document's file is next to the CSV, which names it.
    documents = archive.read("applications-document.csv").decode("utf-8-sig")
    files = [n for n in archive.namelist() if n.startswith("files/")]
    assert len(files) == 1 and files[0] in documents
    assert archive.read(files[0]).startswith(b"%PDF-")
