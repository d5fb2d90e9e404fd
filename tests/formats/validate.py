"""Validates the checker's grading reports with real consumers.

Usage: python validate.py DIR
DIR holds, for each case (solution, starter, broken): CASE.xml (junit),
CASE.gradescope.json and CASE.github.json, plus CASE.expect.json with the
counts the case must show. JUnit is parsed by junitparser; the JSON formats
are checked against Gradescope's documented fields and the fields GitHub
Classroom's reporter reads.
"""

import json
import pathlib
import sys

import jsonschema
from junitparser import JUnitXml

here = pathlib.Path(__file__).parent
folder = pathlib.Path(sys.argv[1])
schemas = {
    "gradescope": json.loads((here / "gradescope.schema.json").read_text()),
    "github": json.loads((here / "github.schema.json").read_text()),
}
failures = 0
for expect_file in sorted(folder.glob("*.expect.json")):
    case = expect_file.name.removesuffix(".expect.json")
    expect = json.loads(expect_file.read_text())

    xml = JUnitXml.fromfile(str(folder / f"{case}.xml"))
    suites = list(xml) if hasattr(xml, "__iter__") else [xml]
    tests = sum(s.tests for s in suites)
    fails = sum(s.failures for s in suites)
    errors = sum(s.errors for s in suites)
    got = {"tests": tests, "failures": fails, "errors": errors}
    want = expect["junit"]
    if got != want:
        print(f"FAIL {case}.xml: junitparser read {got}, expected {want}")
        failures += 1
    else:
        print(f"ok   {case}.xml: {got}")

    for fmt, schema in schemas.items():
        path = folder / f"{case}.{fmt}.json"
        document = json.loads(path.read_text())
        try:
            jsonschema.validate(document, schema)
        except jsonschema.ValidationError as error:
            print(f"FAIL {path.name}: {error.message} at {list(error.absolute_path)}")
            failures += 1
            continue
        if fmt == "gradescope":
            score = document["score"]
            total = sum(t["max_score"] for t in document["tests"])
            if (score, total) != tuple(expect["score"]):
                print(f"FAIL {path.name}: score {score}/{total}, expected {expect['score']}")
                failures += 1
                continue
        if fmt == "github":
            # What the reporter computes: points = sum of test scores.
            points = sum(t["score"] for t in document["tests"])
            if (points, document["max_score"], document["status"]) != (
                expect["score"][0], expect["score"][1], expect["github_status"]):
                print(f"FAIL {path.name}: Points {points}/{document['max_score']} "
                      f"{document['status']}, expected {expect}")
                failures += 1
                continue
        print(f"ok   {path.name}")

passed = len(list(folder.glob("*.expect.json"))) * 3 - failures
print(f"{passed} passed, {failures} failed")
sys.exit(1 if failures else 0)
