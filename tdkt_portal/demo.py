"""Demo data built from real published plans (fixtures/demo): the unit registry, both plans with
every section and task, demo accounts for each role and a few emulation clusters/blocks.

Everything goes through the same services the portal uses, so demo data obeys the same rules.
Loading twice changes nothing.

It loads every app's demo data, so it sits in the project package at the top of the app layers;
each app keeps its own part (tasks.demo, awards.demo, emulation.demo).
"""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from awards.demo import load_award_demo
from certificates.demo import load_certificate_demo
from plans.copying import copy_plan
from plans.models import UNIT_COLUMNS, Plan
from plans.services import add_appendix, add_section, apply_transition, create_plan
from tasks.demo import load_demo_progress
from tasks.services import add_group, add_task, matcher_for
from units.divisions import find_province
from units.models import EmulationGroup, EmulationGroupMembership, Unit, User
from units.registry import load_registry_file
from units.services import load_province

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_PASSWORD = "tdkt@2025"
# The registry after the 2025 reform, as `load_units` makes it: Hưng Yên with Thái Bình merged into
# it, Bắc Ninh with Bắc Giang. Loaded after units.json, whose units it finds and completes (codes,
# closing dates of the districts) rather than duplicates.
DEMO_PROVINCES = ("Hưng Yên", "Bắc Ninh")
# Next year's drafts made by "Tạo kế hoạch năm sau" from Hưng Yên's 2025 plan, which stays as issued:
# the merged province's own 2026 plan, and a new commune's (from 01/07/2025) started from it.
DEMO_NEXT_YEAR = 2026
DEMO_COPIES = (
    ("196", "KH-UBND", 2025, "Ủy ban nhân dân tỉnh Hưng Yên"),
    ("196", "KH-UBND", 2025, "Ủy ban nhân dân xã Khoái Châu"),
)


def find_unit(name: str, tree: str | None = None) -> Unit:
    units = Unit.objects.filter(name=name)
    if tree:
        units = units.filter(tree_root__name=tree)
    return units.get()


@transaction.atomic
def load_plan_document(data: dict, actor=None) -> tuple[Plan, bool]:
    """Create a plan from a plan document (fixtures/demo/plans/*.json); (plan, created)."""
    issuer = Unit.objects.get(name=data["issuing_unit"], parent__isnull=True)
    existing = Plan.objects.filter(
        issuing_unit=issuer, number=data["number"], symbol=data["symbol"], year=data["year"]
    ).first()
    if existing:
        return existing, False
    plan = create_plan(
        actor=actor,
        data={
            "issuing_unit": issuer,
            "parent_body_line": data["parent_body_line"],
            "issuing_body_line": data["issuing_body_line"],
            "number": data["number"],
            "symbol": data["symbol"],
            "place": data["place"],
            "issued_on": datetime.date.fromisoformat(data["issued_on"]) if data.get("issued_on") else None,
            "year": data["year"],
            "title": data["title"],
            "legal_bases": "\n".join(data["legal_bases"]),
            "preamble": data["preamble"],
            "closing": data["closing"],
            "recipients": "\n".join(data["recipients"]),
            "signer_authority": data["signer"]["authority"],
            "signer_position": data["signer"]["position"],
            "signer_name": data["signer"]["name"],
        },
    )
    for section in data["sections"]:
        add_section(actor=actor, plan=plan, heading=section["heading"], body=section["body"])
    for appendix_data in data["appendices"]:
        appendix = add_appendix(
            actor=actor,
            plan=plan,
            data={
                "label": appendix_data["label"],
                "title": appendix_data["title"],
                "subtitle": appendix_data["subtitle"],
                "columns": appendix_data["columns"],
                "column_labels": appendix_data["column_labels"],
            },
        )
        groups = {
            g["number"]: add_group(actor=actor, appendix=appendix, data=g, log=False) for g in appendix_data["groups"]
        }
        matcher = matcher_for(appendix)
        for row in appendix_data["tasks"]:
            cells = row["cells"]
            add_task(
                actor=actor,
                appendix=appendix,
                matcher=matcher,
                log=False,
                data={
                    "group": groups.get(row["group"]),
                    "number": row["number"],
                    "content": row["content"],
                    "note": row.get("note", ""),
                    "timing_text": cells.get("timing", ""),
                    "unit_cells": {role: cells[role] for role in UNIT_COLUMNS if role in cells},
                },
            )
    if plan.number and plan.issued_on:
        apply_transition(actor=actor, plan=plan, name="issue")
    return plan, True


@transaction.atomic
def load_next_year_drafts() -> list[tuple[Plan, bool]]:
    """The 2026 drafts of DEMO_COPIES, through the copy service; (plan, created) each."""
    drafts = []
    for number, symbol, year, issuer_name in DEMO_COPIES:
        source = Plan.objects.get(number=number, symbol=symbol, year=year)
        issuer = Unit.objects.get(name=issuer_name, active_to__isnull=True)
        existing = Plan.objects.filter(copied_from=source, year=DEMO_NEXT_YEAR, issuing_unit=issuer).first()
        if existing:
            drafts.append((existing, False))
            continue
        drafts.append((copy_plan(actor=None, source=source, year=DEMO_NEXT_YEAR, issuing_unit=issuer), True))
    return drafts


@transaction.atomic
def load_accounts(rows: list[dict]) -> list[User]:
    users = []
    for row in rows:
        unit = find_unit(row["unit"], row.get("tree")) if row.get("unit") else None
        user, created = User.objects.get_or_create(
            username=row["username"],
            defaults={
                "full_name": row["full_name"],
                "role": row["role"],
                "unit": unit,
                "is_staff": row["role"] == "admin",
                "is_superuser": row["role"] == "admin",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        users.append(user)
    return users


@transaction.atomic
def load_emulation_groups(rows: list[dict]) -> int:
    created_count = 0
    for row in rows:
        organiser = find_unit(row["organiser"])
        group, created = EmulationGroup.objects.get_or_create(
            organiser=organiser,
            year=row["year"],
            name=row["name"],
            defaults={"kind": row["kind"], "level": row["level"]},
        )
        created_count += created
        for member in row["members"]:
            EmulationGroupMembership.objects.get_or_create(
                group=group,
                unit=find_unit(member["unit"], organiser.name),
                defaults={"role": member["role"]},
            )
    return created_count


def load_demo() -> dict:
    summary = {"units": load_registry_file(DEMO_DIR / "units.json")}
    summary["provinces"] = [load_province(actor=None, province=find_province(name)) for name in DEMO_PROVINCES]
    summary["units"] += sum(load.result.created for load in summary["provinces"])
    # Accounts before plans: issuing a plan tells the accounts of its units, as it would in use.
    summary["accounts"] = load_accounts(json.loads((DEMO_DIR / "accounts.json").read_text(encoding="utf-8")))
    plans = []
    for path in sorted((DEMO_DIR / "plans").glob("*.json")):
        plan, created = load_plan_document(json.loads(path.read_text(encoding="utf-8")))
        plans.append((plan, created))
    summary["plans"] = plans
    summary["groups"] = load_emulation_groups(json.loads((DEMO_DIR / "groups.json").read_text(encoding="utf-8")))
    summary["progress"] = load_demo_progress()
    summary["awards"] = load_award_demo()
    summary["certificates"] = load_certificate_demo()
    summary["next_year"] = load_next_year_drafts()
    return summary
