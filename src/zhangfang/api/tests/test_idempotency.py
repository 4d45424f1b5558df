"""An Idempotency-Key makes a create safe to repeat: one record, the first answer again."""

import json

import pytest
from django.db import connection
from django.test import Client

from zhangfang.core.models import ApiToken, IdempotencyKey, Partner
from zhangfang.core.services.tokens import api_token_create
from zhangfang.testing import race

URL = "/api/v1/partners"


def post(client, token, body, key):
    return client.post(URL, data=json.dumps(body), content_type="application/json",
                       headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})


def test_same_key_twice_creates_one_partner_and_answers_the_first_result_again(client, write_token):
    # given a create sent once with a key
    body = {"name": "武汉长江贸易有限公司", "is_customer": True, "credit_limit": "50000.00"}
    first = post(client, write_token, body, "order-2026-0001")

    # when the client sends it again with the same key
    second = post(client, write_token, body, "order-2026-0001")

    # then the second answer is the first one replayed, and only one partner exists
    assert first.status_code == 201
    assert second.status_code == 201
    assert second.content == first.content
    assert second.json()["id"] == first.json()["id"]
    assert "Idempotent-Replayed" not in first.headers
    assert second.headers["Idempotent-Replayed"] == "true"
    assert second.headers["Content-Type"] == "application/json; charset=utf-8"
    assert Partner.objects.filter(name="武汉长江贸易有限公司").count() == 1
    assert IdempotencyKey.objects.filter(key="order-2026-0001").count() == 1


def test_same_key_with_a_different_body_is_refused(client, write_token):
    # given a partner created under a key
    first = post(client, write_token, {"name": "甲公司"}, "k-1")

    # when the same key comes with another body
    second = post(client, write_token, {"name": "乙公司"}, "k-1")

    # then it is refused as a reused key, and nothing more is created
    assert first.status_code == 201
    assert second.status_code == 422
    assert second.headers["Content-Type"] == "application/problem+json"
    assert second.json()["code"] == "idempotency_key_reused"
    assert second.json()["status"] == 422
    assert list(Partner.objects.filter(name__in=["甲公司", "乙公司"]).values_list("name", flat=True)) == ["甲公司"]


def test_a_refused_create_is_not_remembered_under_its_key(client, write_token):
    # given a create refused for a missing name
    refused = post(client, write_token, {"is_customer": True}, "k-2")

    # when the client corrects it and sends it again with the same key
    corrected = post(client, write_token, {"name": "丙公司", "is_customer": True}, "k-2")

    # then the corrected request is carried out
    assert refused.status_code == 422
    assert corrected.status_code == 201
    assert "Idempotent-Replayed" not in corrected.headers
    assert Partner.objects.filter(name="丙公司").count() == 1


def test_keys_belong_to_their_user(client, write_token, make_user):
    # given a key already used by the administrator
    post(client, write_token, {"name": "丁公司"}, "shared-key")
    clerk = make_user("sales")
    _token, clerk_token = api_token_create(actor=clerk, name="clerk", scope=ApiToken.Scope.WRITE)

    # when another user sends the same key with their own create
    response = post(client, clerk_token, {"name": "戊公司"}, "shared-key")

    # then it is theirs: created, not a replay of someone else's answer
    assert response.status_code == 201
    assert response.json()["name"] == "戊公司"
    assert "Idempotent-Replayed" not in response.headers


@pytest.mark.parametrize("key", ["", "x" * 256, "空格 key"])
def test_a_malformed_key_is_refused(client, write_token, key):
    # when a create carries an empty, too long or non-ASCII key
    response = post(client, write_token, {"name": "己公司"}, key.encode().decode("latin-1"))

    # then it is refused before anything is created
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "bad_idempotency_key"
    assert not Partner.objects.filter(name="己公司").exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_creates_one_partner(admin, write_token):
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks and concurrent transactions: PostgreSQL only")
    # given two clients about to send the same create with the same key at the same moment
    body = {"name": "并发公司", "is_customer": True}

    # when both send
    responses, errors = race(lambda: post(Client(), write_token, body, "same-moment"), [(), ()], timeout=30)

    assert errors == []
    # then exactly one partner exists and both got its answer, one of them replayed
    assert sorted(response.status_code for response in responses) == [201, 201]
    assert responses[0].json()["id"] == responses[1].json()["id"]
    assert sorted(response.headers.get("Idempotent-Replayed", "") for response in responses) == ["", "true"]
    assert Partner.objects.filter(name="并发公司").count() == 1
    assert IdempotencyKey.objects.filter(key="same-moment").count() == 1
