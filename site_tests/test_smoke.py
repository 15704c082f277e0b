"""The package imports and the console script is wired."""

from generator import cli


def test_cli_prints_usage_without_a_verb(capsys):
    try:
        cli.main([])
    except SystemExit as exit_:
        assert exit_.code == 2
    assert "check" in capsys.readouterr().err
