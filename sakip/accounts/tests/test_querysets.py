"""Login accounts: administrators see and change every account, everyone else their own."""

from sakip.accounts.models import User


def test_a_person_sees_and_changes_only_their_own_account(organization):
    o = organization
    for username in ("kadis", "kabid.ikp", "outsider"):
        for action in ("view", "change"):
            assert list(User.objects.restrict(o[username], action)) == [o[username]]


def test_administrators_see_and_change_every_account(organization):
    everyone = set(User.objects.all())
    assert set(User.objects.restrict(organization["admin"], "view")) == everyone
    assert set(User.objects.restrict(organization["admin"], "change")) == everyone


def test_the_manager_still_creates_users(db):
    user = User.objects.create_user(username="baru", password="rahasia-uji-123")
    assert user.check_password("rahasia-uji-123")
