import pytest


@pytest.mark.django_db
def test_health_check_answers_with_the_database_reached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_the_home_page_leads_to_the_app(client):
    response = client.get("/")
    assert response.status_code == 302
