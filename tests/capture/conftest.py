import pytest

from tests.factories import ApplicationFactory, CompanyFactory


@pytest.fixture
def northwind(user):
    """An open application whose company has a website, for emails to match."""
    company = CompanyFactory(
        owner=user, name="Northwind Health", website="https://www.northwind.example"
    )
    return ApplicationFactory(
        owner=user, company=company, title="Senior Product Designer", status="screening"
    )
