"""How a member is shown: only the municipality, unless they opt in to name and address."""

from questionsets.community.models import PosterProfile

CONCEPT_POSTS = "/begrippen/vertrouwen/vragen-aan-collegas/"
PROFILE = "/vragen-aan-collegas/profiel/"
HX = {"HX-Request": "true"}


def test_by_default_only_the_municipality_is_shown(client, editor, outsider, concept, make_post):
    editor.first_name, editor.last_name = "Jan", "Jansen"
    editor.save()
    make_post(author=editor, concept=concept)
    client.force_login(outsider)
    text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert "iemand van gemeente Utrecht" in text
    assert "Jansen" not in text and editor.email not in text and "editor" not in text


def test_opt_in_shows_the_name_and_the_contact_address(
    client, editor, outsider, concept, make_post
):
    make_post(author=editor, concept=concept)
    client.force_login(editor)
    response = client.post(
        PROFILE,
        {"show_name": "on", "display_name": "Jan Jansen", "contact_email": "jan@utrecht.example"},
    )
    assert response.status_code == 302
    client.force_login(outsider)
    text = client.get(CONCEPT_POSTS, headers=HX).content.decode()
    assert "Jan Jansen, gemeente Utrecht" in text
    assert 'href="mailto:jan@utrecht.example"' in text
    assert "iemand van gemeente Utrecht" not in text


def test_the_profile_page_prefills_and_opting_out_hides_the_name_again(client, editor):
    editor.first_name, editor.last_name = "Jan", "Jansen"
    editor.save()
    client.force_login(editor)
    text = client.get(PROFILE).content.decode()
    assert "Mijn profiel bij vragen aan collega" in text
    assert "iemand van gemeente Utrecht" in text
    assert 'value="Jan Jansen"' in text and f'value="{editor.email}"' in text
    assert 'name="show_name"' in text and "checked" not in text.split('name="show_name"')[1][:40]
    client.post(PROFILE, {"show_name": "on", "display_name": "Jan", "contact_email": ""})
    assert PosterProfile.objects.get(user=editor).show_name
    client.post(PROFILE, {"display_name": "Jan", "contact_email": ""})
    assert not PosterProfile.objects.get(user=editor).show_name


def test_opting_in_without_a_name_or_with_a_bad_address_is_refused(client, editor):
    client.force_login(editor)
    response = client.post(PROFILE, {"show_name": "on", "display_name": " ", "contact_email": ""})
    assert response.status_code == 400
    assert "Vul de naam in die collega" in response.content.decode()
    response = client.post(PROFILE, {"display_name": "Jan", "contact_email": "geen-adres"})
    assert response.status_code == 400
    assert "Voer een geldig e-mailadres in." in response.content.decode()
    assert not PosterProfile.objects.exists()
