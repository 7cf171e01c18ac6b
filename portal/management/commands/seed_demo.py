"""Realistic demo content: one account per role, MAS and microregions (idempotent).

Each app with demo records has a `demo` module whose `seed(admin, stdout)` is called in
order (strategies, intentions, funding, then the mined strategy documents); each must be
idempotent too.
"""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Role, User
from accounts.services import create_user, grant_membership
from funding import demo as funding_demo
from intentions import demo as intentions_demo
from strategies import demo as strategies_demo
from strategies import demo_documents
from territory.models import Kind, TerritorialUnit
from territory.services import create_group

DEMOS = (strategies_demo, intentions_demo, funding_demo, demo_documents)

DEMO_PASSWORD = "smart-demo-2026"  # noqa: S105 - documented demo accounts, development only

# (e-mail, full name, role, unit code or None)
DEMO_USERS = [
    ("admin@smart.example.cz", "Alena Správcová", Role.ADMINISTRATOR, None),
    ("moderator@smart.example.cz", "Martin Moderátor", Role.MODERATOR, None),
    ("analytik@mmr.example.cz", "Anna Analytická", Role.ANALYST, None),
    ("koordinator.jck@smart.example.cz", "Karel Koordinátor", Role.COORDINATOR, "CZ031"),
    ("koordinator.vysocina@smart.example.cz", "Věra Vysočinová", Role.COORDINATOR, "CZ063"),
    ("editor.cb@smart.example.cz", "Eva Editorová", Role.EDITOR, "544256"),
    ("editor.pisek@smart.example.cz", "Petr Písecký", Role.EDITOR, "549240"),
    ("editor.jihlava@smart.example.cz", "Jana Jihlavská", Role.EDITOR, "586846"),
    ("uzivatel@smart.example.cz", "Uršula Uživatelová", None, None),
]

# (kind, code, name, ORP whose municipalities are members, how many, description)
DEMO_GROUPS = [
    (Kind.MAS, "MAS-0001", "MAS Sdružení Růže", "302", 25,
     "Místní akční skupina na Českobudějovicku; spolupráce obcí, podnikatelů a spolků."),
    (Kind.MICROREGION, "MR-0001", "Mikroregion Pootaví", "400", 12,
     "Dobrovolný svazek obcí na Písecku pro společné projekty v dopravě a cestovním ruchu."),
    (Kind.MAS, "MAS-0002", "MAS Jihlavsko", "1503", 20,
     "Místní akční skupina v okolí Jihlavy."),
]


class Command(BaseCommand):
    help = "Create demo users for every role, MAS and microregions, and demo records."

    def handle(self, *args, **options):
        if not TerritorialUnit.objects.filter(kind=Kind.KRAJ).exists():
            call_command("load_reference_data", stdout=self.stdout)
        with transaction.atomic():
            admin = self._users()
            self._groups(admin)
        for demo in DEMOS:
            demo.seed(admin, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    def _users(self) -> User:
        admin = None
        for email, name, role, unit_code in DEMO_USERS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = create_user(email, DEMO_PASSWORD, full_name=name,
                                   is_staff=role == Role.ADMINISTRATOR,
                                   is_superuser=role == Role.ADMINISTRATOR)
                self.stdout.write(f"user {email}")
            if role == Role.ADMINISTRATOR:
                admin = user
                if not user.memberships.filter(role=role).exists():
                    user.memberships.create(role=role)
                continue
            if role is None:
                continue
            unit = TerritorialUnit.objects.get(code=unit_code) if unit_code else None
            if not user.memberships.filter(role=role, unit=unit).exists():
                grant_membership(admin, user, role, unit)
        assert admin is not None
        return admin

    def _groups(self, admin: User) -> None:
        for kind, code, name, orp_code, count, description in DEMO_GROUPS:
            if TerritorialUnit.objects.filter(code=code).exists():
                continue
            members = list(TerritorialUnit.objects.filter(kind=Kind.OBEC, orp__code=orp_code)
                           .order_by("-population")[:count])
            create_group(admin, kind=kind, code=code, name=name, members=members,
                         description=description)
            self.stdout.write(f"{kind} {name}")
