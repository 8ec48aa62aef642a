"""Ballots are no longer kept one by one: each (session, nominee) gets one ballot box of counts.

Forward, a session still voting has its ballots counted into boxes (an empty box for every nominee
on its agenda, as opening the vote now makes). A closed or applied session keeps no boxes — its
VoteResult rows already hold the same counts — so its ballots are simply dropped with the table.
Backward, anonymous Ballot rows are made again from the boxes (session voting) or from the results
(closed, applied), one row per counted ballot; nothing about who cast them existed to restore.
"""

from collections import Counter

import django.db.models.deletion
from django.db import migrations, models

COUNTED_AS = {"dong_y": "approvals", "khong_dong_y": "rejections"}
CHOICE_OF = {count: choice for choice, count in COUNTED_AS.items()}


def count_ballots_into_boxes(apps, schema_editor):
    Ballot = apps.get_model("awards", "Ballot")
    BallotBox = apps.get_model("awards", "BallotBox")
    CouncilSession = apps.get_model("awards", "CouncilSession")
    Nominee = apps.get_model("awards", "Nominee")
    voting = list(CouncilSession.objects.filter(status="voting").values_list("pk", flat=True))
    counts = Counter()
    for row in Ballot.objects.filter(session_id__in=voting).values("session_id", "nominee_id", "choice"):
        counts[row["session_id"], row["nominee_id"], COUNTED_AS[row["choice"]]] += 1
    boxes = {(s, n) for s, n, _ in counts}
    boxes |= set(Nominee.objects.filter(dossier__session_id__in=voting).values_list("dossier__session_id", "pk"))
    BallotBox.objects.bulk_create(
        BallotBox(
            session_id=session,
            nominee_id=nominee,
            **{count: counts[session, nominee, count] for count in CHOICE_OF},
        )
        for session, nominee in sorted(boxes)
    )


def make_anonymous_ballots(apps, schema_editor):
    Ballot = apps.get_model("awards", "Ballot")
    BallotBox = apps.get_model("awards", "BallotBox")
    VoteResult = apps.get_model("awards", "VoteResult")
    tallies = list(BallotBox.objects.values("session_id", "nominee_id", *CHOICE_OF))
    counted = VoteResult.objects.filter(session__status__in=["closed", "applied"])
    tallies += counted.values("session_id", "nominee_id", *CHOICE_OF)
    Ballot.objects.bulk_create(
        Ballot(session_id=tally["session_id"], nominee_id=tally["nominee_id"], choice=choice)
        for tally in tallies
        for count, choice in CHOICE_OF.items()
        for _ in range(tally[count])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('awards', '0003_decision_proposal'),
    ]

    operations = [
        migrations.CreateModel(
            name='BallotBox',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('approvals', models.PositiveIntegerField(default=0, verbose_name='phiếu đồng ý')),
                ('rejections', models.PositiveIntegerField(default=0, verbose_name='phiếu không đồng ý')),
                ('nominee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ballot_boxes', to='awards.nominee')),
                ('session', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ballot_boxes', to='awards.councilsession')),
            ],
            options={
                'verbose_name': 'hòm phiếu',
                'verbose_name_plural': 'hòm phiếu',
            },
        ),
        migrations.AddConstraint(
            model_name='ballotbox',
            constraint=models.UniqueConstraint(fields=('session', 'nominee'), name='one_ballot_box_per_nominee'),
        ),
        migrations.RunPython(count_ballots_into_boxes, make_anonymous_ballots),
        migrations.DeleteModel(
            name='Ballot',
        ),
    ]
