"""Never more places taken than the network's member capacity: many processes ask to join
at the same moment against a real database (a fresh SQLite file, or a fresh PostgreSQL
database when the suite runs on PostgreSQL), and the counts must come out exact."""

from pathlib import Path

from tests.burst import run_probe

ROOT = Path(__file__).resolve().parents[2]


def burst(database_url, *args):
    return run_probe("tests.network.membership_probe", database_url, *args)


def test_a_burst_of_join_requests_fills_the_capacity_and_waitlists_the_rest(
    fresh_database_url,
):
    outcome = burst(fresh_database_url, "--processes", "8", "--each", "20", "--capacity", "30")
    assert outcome["attempts"] == 160
    assert outcome["pending"] == 30
    assert outcome["waitlisted"] == 160 - 30
    assert outcome["outcomes"] == {"pending": 30, "waitlisted": 130}, outcome
    assert outcome["places_before_waitlist"], "a later arrival got a place before an earlier one"


def test_the_same_email_from_every_process_gets_one_request(fresh_database_url):
    outcome = burst(
        fresh_database_url, "--processes", "6", "--each", "5", "--capacity", "10", "--shared-email"
    )
    assert outcome["shared_email_rows"] == 1
    assert outcome["outcomes"].get("duplicate") == 5
    assert outcome["pending"] == 10
    assert outcome["waitlisted"] == 6 * 5 + 1 - 10
    assert not any(key.startswith("error") for key in outcome["outcomes"]), outcome


def test_a_burst_without_waiting_list_fills_exactly_and_refuses_the_rest(
    fresh_database_url,
):
    outcome = burst(
        fresh_database_url, "--processes", "6", "--each", "10", "--capacity", "7", "--no-waitlist"
    )
    assert outcome["pending"] == 7
    assert outcome["waitlisted"] == 0
    assert outcome["outcomes"] == {"pending": 7, "full": 53}, outcome
