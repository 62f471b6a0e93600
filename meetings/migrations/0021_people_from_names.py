from django.db import migrations


def people_from_names(apps, schema_editor):
    """Each member's name becomes a councillor, and each presenter's an officer of their
    agency: one record per name (per name and agency, for presenters, an officer row of
    the same name included), that the rows then point to.

    Officer rows are people already: 0020 renamed the table, and ``kind`` defaults to
    officer.
    """
    Person = apps.get_model("meetings", "Person")
    CommitteeMember = apps.get_model("meetings", "CommitteeMember")
    Presenter = apps.get_model("meetings", "Presenter")
    councillors = {}
    for member in CommitteeMember.objects.order_by("pk"):
        name = member.name.strip()
        person = councillors.get(name)
        if person is None:
            person = Person.objects.filter(kind="councillor", name=name).first()
        if person is None:
            person = Person.objects.create(
                kind="councillor", name=name, party=member.political_group
            )
        elif member.political_group and not person.party:
            person.party = member.political_group
            person.save(update_fields=["party"])
        councillors[name] = person
        member.person = person
        member.save(update_fields=["person"])
    officers = {}
    for presenter in Presenter.objects.order_by("pk"):
        key = (presenter.name.strip(), presenter.agency_id)
        person = officers.get(key)
        if person is None:
            # An officer row of the same name (a report's author presenting) is the same
            # person, unless it says they work for another agency.
            same_name = Person.objects.filter(kind="officer", name=key[0])
            person = (
                same_name.filter(agency_id=presenter.agency_id).first()
                or same_name.filter(agency__isnull=True).first()
            )
        if person is None:
            person = Person.objects.create(
                kind="officer", name=key[0], agency_id=presenter.agency_id
            )
        officers[key] = person
        presenter.person = person
        presenter.save(update_fields=["person"])


def names_from_people(apps, schema_editor):
    """Going back: the names return to the rows; the people made from them stay."""
    CommitteeMember = apps.get_model("meetings", "CommitteeMember")
    Presenter = apps.get_model("meetings", "Presenter")
    for member in CommitteeMember.objects.select_related("person"):
        member.name = member.person.name
        member.political_group = member.person.party
        member.save(update_fields=["name", "political_group"])
    for presenter in Presenter.objects.select_related("person"):
        presenter.name = presenter.person.name
        presenter.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0020_person_fields")]

    operations = [migrations.RunPython(people_from_names, names_from_people)]
