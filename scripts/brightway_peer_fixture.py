#!/usr/bin/env python3
"""Writes the small ecoinvent-format (EcoSpold2) database of the Brightway peer test (issue 18 item 5):
Tests/Fixtures/lca/brightway-peer/ecospold2/{datasets/*.spold, MasterData/*.xml}.

Six activities in a chain with a loop (hard coal mining needs electricity, electricity needs hard coal), one
reference amount other than 1 (wood chips per 1000 kg), one dataset with a zero-amount co-product as ecoinvent's
allocated system models write them. The elementary flows are ecoinvent 3.9's (= Brightway's biosphere3): ids,
names, CAS numbers, formulas and compartments are read from the ecoinvent 3.9 elementary-flow master data that
bw2io ships (bw2io/data/lci/"ecoinvent elementary flows 3.9.xml"), so the names are exactly ecoinvent's.

    /tmp/bw18/bin/python scripts/brightway_peer_fixture.py [--biosphere-xml PATH] [--out DIR]

Standard library only (bw2io is located to find the XML, not imported). The output is deterministic: ids are
uuid5 of fixed names, amounts are literals below; a second run writes byte-identical files.
Then `scripts/brightway_peer_reference.py` computes Brightway's results on these files.
"""
import argparse
import importlib.util
import shutil
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS = "{http://www.EcoInvent.org/EcoSpold02}"
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests/Fixtures/lca/brightway-peer/ecospold2"
SEED = uuid.UUID("5d0e6c1a-18b5-4a1e-9e1a-000000000018")

# Units (ecoinvent's unit ids for kg and kWh; MJ's likewise).
UNITS = {
    "kg": "487df68b-4994-4027-8fdc-a4dc298257b7",
    "kWh": "77ae64fa-7e74-4252-9c3b-889c1cd20bfc",
    "MJ": "980b811e-3905-4797-82a5-173f5568bc7e",
}

# Products: name -> unit.
PRODUCTS = {
    "hard coal": "kg",
    "electricity, medium voltage": "kWh",
    "wood chips, wet, measured as dry mass": "kg",
    "maize grain": "kg",
    "maize straw": "kg",
    "cooling energy": "MJ",
    "peat": "kg",
}

# Elementary flows as (name, compartment, subcompartment) of ecoinvent 3.9.
CO2_FOSSIL = ("Carbon dioxide, fossil", "air", "non-urban air or from high stacks")
CO2_FOSSIL_URBAN = ("Carbon dioxide, fossil", "air", "urban air close to ground")
CO2_NONFOSSIL = ("Carbon dioxide, non-fossil", "air", "non-urban air or from high stacks")
CO2_IN_AIR = ("Carbon dioxide, in air", "natural resource", "in air")
CO2_FROM_SOIL = ("Carbon dioxide, from soil or biomass stock", "air", "non-urban air or from high stacks")
CO2_TO_SOIL = ("Carbon dioxide, to soil or biomass stock", "soil", "agricultural")
CH4_FOSSIL = ("Methane, fossil", "air", "unspecified")
CH4_FOSSIL_STACK = ("Methane, fossil", "air", "non-urban air or from high stacks")
CH4_NONFOSSIL = ("Methane, non-fossil", "air", "non-urban air or from high stacks")
CH4_FROM_SOIL = ("Methane, from soil or biomass stock", "air", "non-urban air or from high stacks")
N2O = ("Dinitrogen monoxide", "air", "non-urban air or from high stacks")
SF6 = ("Sulfur hexafluoride", "air", "non-urban air or from high stacks")
HFC134A = ("Ethane, 1,1,1,2-tetrafluoro-, HFC-134a", "air", "urban air close to ground")
ETHANE = ("Ethane", "air", "non-urban air or from high stacks")

# Activities: (name, reference product, reference amount, co-products with amount 0,
#              [(product input, amount, providing activity)], [(flow, amount, is_resource)]).
ACTIVITIES = [
    ("hard coal mining", "hard coal", 1.0, [],
     [("electricity, medium voltage", 0.05, "electricity production, hard coal")],
     [(CH4_FOSSIL, 0.008, False), (CO2_FOSSIL, 0.012, False)]),
    ("electricity production, hard coal", "electricity, medium voltage", 1.0, [],
     [("hard coal", 0.35, "hard coal mining")],
     [(CO2_FOSSIL, 0.92, False), (CH4_FOSSIL_STACK, 1.1e-5, False), (N2O, 1.3e-5, False), (SF6, 4.0e-9, False),
      (ETHANE, 2.0e-6, False)]),
    ("wood chips production, softwood", "wood chips, wet, measured as dry mass", 1000.0, [],
     [("electricity, medium voltage", 20.0, "electricity production, hard coal")],
     [(CO2_IN_AIR, 1830.0, True), (CO2_NONFOSSIL, 15.0, False), (CH4_NONFOSSIL, 0.02, False), (CO2_FOSSIL_URBAN, 4.5, False)]),
    ("maize grain production", "maize grain", 1.0, ["maize straw"],
     [("electricity, medium voltage", 0.08, "electricity production, hard coal"),
      ("wood chips, wet, measured as dry mass", 0.05, "wood chips production, softwood")],
     [(CO2_IN_AIR, 1.45, True), (CO2_FROM_SOIL, 0.12, False), (CH4_FROM_SOIL, 0.001, False), (CO2_TO_SOIL, 0.3, False),
      (N2O, 0.0015, False)]),
    ("peat extraction", "peat", 1.0, [],
     [("electricity, medium voltage", 0.02, "electricity production, hard coal")],
     [(CO2_FROM_SOIL, 0.45, False), (CH4_FROM_SOIL, 0.0004, False), (CO2_TO_SOIL, 0.05, False)]),
    ("refrigeration, industrial", "cooling energy", 1.0, [],
     [("electricity, medium voltage", 0.3, "electricity production, hard coal"),
      ("maize grain", 0.01, "maize grain production"), ("peat", 0.002, "peat extraction")],
     [(HFC134A, 2.0e-5, False), (CH4_NONFOSSIL, 1.0e-5, False)]),
]


def uid(kind, name):
    return str(uuid.uuid5(SEED, f"{kind}:{name}"))


def bw2io_xml():
    spec = importlib.util.find_spec("bw2io")
    if spec is None or spec.origin is None:
        raise SystemExit("bw2io is not installed here: give --biosphere-xml or run with the Brightway venv's python")
    return Path(spec.origin).parent / "data" / "lci" / "ecoinvent elementary flows 3.9.xml"


def load_biosphere(path):
    """(name, compartment, subcompartment) -> ecoinvent's <elementaryExchange> attributes of that flow."""
    flows = {}
    for e in ET.parse(path).getroot():
        c = e.find(f"{NS}compartment")
        key = (e.find(f"{NS}name").text, c.find(f"{NS}compartment").text, c.find(f"{NS}subcompartment").text)
        flows[key] = {"id": e.get("id"), "cas": e.get("casNumber"), "formula": e.get("formula"),
                      "unit": e.find(f"{NS}unitName").text, "unitId": e.get("unitId"),
                      "subcompartmentId": c.get("subcompartmentId")}
    return flows


def text(tag, value):
    return f'<{tag} xml:lang="en">{escape(value)}</{tag}>'


def compartment(key, f):
    return (f'<compartment subcompartmentId="{f["subcompartmentId"]}">{text("compartment", key[1])}'
            f'{text("subcompartment", key[2])}</compartment>')


def elementary(key, f, amount, resource, n):
    cas = f' casNumber="{f["cas"]}"' if f["cas"] else ""
    group = "<inputGroup>4</inputGroup>" if resource else "<outputGroup>4</outputGroup>"
    return (f'    <elementaryExchange id="{uid("exchange", n)}" unitId="{f["unitId"]}" amount="{amount!r}" '
            f'elementaryExchangeId="{f["id"]}"{cas} formula="{f["formula"]}">\n'
            f'      {text("name", key[0])}\n      {text("unitName", f["unit"])}\n      {compartment(key, f)}\n'
            f'      {group}\n    </elementaryExchange>\n')


def intermediate(product, amount, n, group, provider=None):
    unit = PRODUCTS[product]
    link = f' activityLinkId="{uid("activity", provider)}"' if provider else ""
    return (f'    <intermediateExchange id="{uid("exchange", n)}" unitId="{UNITS[unit]}" amount="{amount!r}" '
            f'intermediateExchangeId="{uid("product", product)}"{link}>\n'
            f'      {text("name", product)}\n      {text("unitName", unit)}\n      {group}\n    </intermediateExchange>\n')


def dataset(activity, biosphere):
    name, ref, ref_amount, coproducts, inputs, flows = activity
    body = intermediate(ref, ref_amount, f"{name}/ref", "<outputGroup>0</outputGroup>")
    for c in coproducts:
        body += intermediate(c, 0.0, f"{name}/co/{c}", "<outputGroup>0</outputGroup>")
    for product, amount, provider in inputs:
        body += intermediate(product, amount, f"{name}/in/{product}", "<inputGroup>5</inputGroup>", provider)
    for key, amount, resource in flows:
        body += elementary(key, biosphere[key], amount, resource, f"{name}/el/{key}")
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<ecoSpold xmlns="http://www.EcoInvent.org/EcoSpold02">
  <activityDataset>
  <activityDescription>
    <activity id="{uid("activity", name)}" activityNameId="{uid("activity name", name)}" type="1" specialActivityType="0">
      {text("activityName", name)}
      <generalComment>{text("text", "Test dataset of the Yuheng Brightway peer fixture (scripts/brightway_peer_fixture.py).").replace("<text ", '<text index="1" ')}</generalComment>
    </activity>
    <geography geographyId="34dbbff8-88ce-11de-ad60-0019e336be3a">{text("shortname", "GLO")}</geography>
    <technology technologyLevel="3"/>
    <timePeriod startDate="2020-01-01" endDate="2020-12-31" isDataValidForEntirePeriod="true"/>
  </activityDescription>
  <flowData>
{body}  </flowData>
  <administrativeInformation>
    <dataEntryBy personId="{uid("person", "yuheng")}" personName="Yuheng test suite" personEmail="tests@yuheng.invalid"/>
    <dataGeneratorAndPublication personId="{uid("person", "yuheng")}" personName="Yuheng test suite" personEmail="tests@yuheng.invalid"/>
  </administrativeInformation>
  </activityDataset>
</ecoSpold>
"""


def master_data(biosphere, used):
    units = "".join(f'  <unit id="{i}">{text("name", n)}</unit>\n' for n, i in UNITS.items())
    products = "".join(
        f'  <intermediateExchange id="{uid("product", p)}" unitId="{UNITS[u]}">{text("name", p)}{text("unitName", u)}'
        f'</intermediateExchange>\n' for p, u in PRODUCTS.items())
    flows = ""
    for key in sorted(used):
        f = biosphere[key]
        cas = f' casNumber="{f["cas"]}"' if f["cas"] else ""
        flows += (f'  <elementaryExchange id="{f["id"]}" unitId="{f["unitId"]}" formula="{f["formula"]}"{cas}>'
                  f'{text("name", key[0])}{text("unitName", f["unit"])}{compartment(key, f)}</elementaryExchange>\n')
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    xmlns = 'xmlns="http://www.EcoInvent.org/EcoSpold02"'
    return {
        "Units.xml": f"{head}<validUnits {xmlns}>\n{units}</validUnits>\n",
        "IntermediateExchanges.xml": f"{head}<validIntermediateExchanges {xmlns}>\n{products}</validIntermediateExchanges>\n",
        "ElementaryExchanges.xml": f"{head}<validElementaryExchanges {xmlns}>\n{flows}</validElementaryExchanges>\n",
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--biosphere-xml", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    biosphere = load_biosphere(args.biosphere_xml or bw2io_xml())
    used = {key for a in ACTIVITIES for key, _, _ in a[5]}
    missing = sorted(k for k in used if k not in biosphere)
    if missing:
        raise SystemExit(f"not flows of ecoinvent 3.9: {missing}")
    if args.out.exists():
        shutil.rmtree(args.out)
    (args.out / "datasets").mkdir(parents=True)
    (args.out / "MasterData").mkdir()
    for a in ACTIVITIES:
        name = f"{uid('activity', a[0])}_{uid('product', a[1])}.spold"
        (args.out / "datasets" / name).write_text(dataset(a, biosphere), encoding="utf-8")
    for name, content in master_data(biosphere, used).items():
        (args.out / "MasterData" / name).write_text(content, encoding="utf-8")
    print(f"wrote {len(ACTIVITIES)} datasets and MasterData ({len(used)} elementary flows) to {args.out}")


if __name__ == "__main__":
    main()
