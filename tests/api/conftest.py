import pytest
from django.test import Client

from api.models import Scope
from api.services import token_create


def bearer_client(plain: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


@pytest.fixture
def make_token(user):
    def make(scope: str = Scope.WRITE, owner=None, **kwargs) -> str:
        return token_create(owner=owner or user, name="Test", scope=scope, **kwargs).plain

    return make


@pytest.fixture
def api_client(make_token) -> Client:
    return bearer_client(make_token(Scope.WRITE))


@pytest.fixture
def read_client(make_token) -> Client:
    return bearer_client(make_token(Scope.READ))
