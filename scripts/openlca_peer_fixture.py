#!/usr/bin/env python3
"""Writes the openLCA JSON-LD (olca-schema 2) copy of the Brightway peer fixture (issue 18 item 5, openLCA variant):
Tests/Fixtures/lca/brightway-peer/jsonld/{processes,flows,flow_properties,unit_groups,locations}/*.json.

It reads the ecoinvent-format fixture written by scripts/brightway_peer_fixture.py
(Tests/Fixtures/lca/brightway-peer/ecospold2) and writes the same database as openLCA exports it: the same activity ids
(process @id), the same product and elementary-flow ids (flow @id, elementary flows with ecoinvent's names, CAS numbers
and "Elementary flows/<compartment>/<subcompartment>" categories), exchange amounts unchanged, resources as inputs,
providers as `defaultProvider`, and openLCA's standard unit groups (mass with kg, energy with MJ as the reference unit
and kWh = 3.6 MJ). Brightway's results on the ecoinvent files (reference.json) are then the reference for the openLCA
copy too: the data are the same, only the format differs.

    python3 scripts/openlca_peer_fixture.py [--src DIR] [--out DIR]

Standard library only; deterministic (a second run writes byte-identical files).
"""
import argparse
import json
import shutil
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

NS = "{http://www.EcoInvent.org/EcoSpold02}"
ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "Tests/Fixtures/lca/brightway-peer/ecospold2"
OUT = ROOT / "Tests/Fixtures/lca/brightway-peer/jsonld"
SEED = uuid.UUID("5d0e6c1a-18b5-4a1e-9e1a-0000000018a1")

# The unit groups and flow properties of openLCA's reference data, by name (ids made for this fixture).
def _ids(kind, *names):
    return [str(uuid.uuid5(SEED, f"{kind}:{n}")) for n in names]


MASS = {"fp": _ids("flow property", "Mass")[0], "ug": _ids("unit group", "Units of mass")[0],
        "fp_name": "Mass", "ug_name": "Units of mass",
        "units": [("kg", _ids("unit", "kg")[0], 1.0, True), ("g", _ids("unit", "g")[0], 0.001, False),
                  ("t", _ids("unit", "t")[0], 1000.0, False)]}
ENERGY = {"fp": _ids("flow property", "Energy")[0], "ug": _ids("unit group", "Units of energy")[0],
          "fp_name": "Energy", "ug_name": "Units of energy",
          "units": [("MJ", _ids("unit", "MJ")[0], 1.0, True), ("kWh", _ids("unit", "kWh")[0], 3.6, False)]}
PROPERTY_OF_UNIT = {"kg": MASS, "g": MASS, "t": MASS, "MJ": ENERGY, "kWh": ENERGY}


def uid(kind, name):
    return str(uuid.uuid5(SEED, f"{kind}:{name}"))


def ref(kind, id_, name):
    return {"@type": kind, "@id": id_, "name": name}


def unit_ref(name):
    prop = PROPERTY_OF_UNIT[name]
    u = next(u for u in prop["units"] if u[0] == name)
    return ref("Unit", u[1], name)


def child(e, tag):
    c = e.find(f"{NS}{tag}")
    return None if c is None else c.text


def read(src):
    """(processes, products, elementary flows) of the ecoinvent files."""
    processes, products, flows = [], {}, {}
    for path in sorted((src / "datasets").glob("*.spold")):
        root = ET.parse(path).getroot()
        act = root.find(f"{NS}activityDataset/{NS}activityDescription/{NS}activity")
        exchanges = []
        for x in root.find(f"{NS}activityDataset/{NS}flowData"):
            tag = x.tag.replace(NS, "")
            amount = float(x.get("amount"))
            unit = child(x, "unitName")
            if tag == "intermediateExchange":
                pid = x.get("intermediateExchangeId")
                products[pid] = (child(x, "name"), unit)
                output = x.find(f"{NS}outputGroup") is not None
                exchanges.append({"kind": "product", "flow": pid, "amount": amount, "unit": unit, "input": not output,
                                  "reference": output and child(x, "outputGroup") == "0" and amount != 0,
                                  "provider": x.get("activityLinkId")})
            elif tag == "elementaryExchange":
                fid = x.get("elementaryExchangeId")
                comp = x.find(f"{NS}compartment")
                flows[fid] = (child(x, "name"), unit, child(comp, "compartment"), child(comp, "subcompartment"), x.get("casNumber"),
                              x.get("formula"))
                exchanges.append({"kind": "elementary", "flow": fid, "amount": amount, "unit": unit,
                                  "input": x.find(f"{NS}inputGroup") is not None, "reference": False, "provider": None})
        processes.append((act.get("id"), child(act, "activityName"), exchanges))
    return processes, products, flows


def flow_json(id_, name, unit, flow_type, category, cas=None, formula=None):
    prop = PROPERTY_OF_UNIT[unit]
    d = {"@type": "Flow", "@id": id_, "name": name, "category": category, "flowType": flow_type,
         "flowProperties": [{"@type": "FlowPropertyFactor", "isRefFlowProperty": True, "conversionFactor": 1.0,
                             "flowProperty": ref("FlowProperty", prop["fp"], prop["fp_name"])}]}
    if cas:
        d["cas"] = cas
    if formula:
        d["formula"] = formula
    return d


def write(out, processes, products, flows):
    files = {}
    for prop in (MASS, ENERGY):
        files[f"unit_groups/{prop['ug']}.json"] = {
            "@type": "UnitGroup", "@id": prop["ug"], "name": prop["ug_name"],
            "defaultFlowProperty": ref("FlowProperty", prop["fp"], prop["fp_name"]),
            "units": [{"@type": "Unit", "@id": i, "name": n, "conversionFactor": f, **({"isRefUnit": True} if r else {})}
                      for n, i, f, r in prop["units"]]}
        files[f"flow_properties/{prop['fp']}.json"] = {
            "@type": "FlowProperty", "@id": prop["fp"], "name": prop["fp_name"], "flowPropertyType": "PHYSICAL_QUANTITY",
            "unitGroup": ref("UnitGroup", prop["ug"], prop["ug_name"])}
    glo = uid("location", "GLO")
    files[f"locations/{glo}.json"] = {"@type": "Location", "@id": glo, "name": "Global", "code": "GLO"}
    for pid, (name, unit) in products.items():
        files[f"flows/{pid}.json"] = flow_json(pid, name, unit, "PRODUCT_FLOW", "Products")
    for fid, (name, unit, comp, sub, cas, formula) in flows.items():
        files[f"flows/{fid}.json"] = flow_json(fid, name, unit, "ELEMENTARY_FLOW", f"Elementary flows/{comp}/{sub}", cas, formula)
    names = {pid: name for pid, name, _ in processes}
    for pid, name, exchanges in processes:
        out_ex = []
        for k, x in enumerate(exchanges, start=1):
            flow_name = (products.get(x["flow"]) or flows.get(x["flow"]))[0]
            prop = PROPERTY_OF_UNIT[x["unit"]]
            e = {"@type": "Exchange", "internalId": k, "amount": x["amount"], "isInput": x["input"],
                 "isAvoidedProduct": False, "isQuantitativeReference": x["reference"],
                 "flow": ref("Flow", x["flow"], flow_name), "unit": unit_ref(x["unit"]),
                 "flowProperty": ref("FlowProperty", prop["fp"], prop["fp_name"])}
            if x["provider"]:
                e["defaultProvider"] = ref("Process", x["provider"], names[x["provider"]])
            out_ex.append(e)
        files[f"processes/{pid}.json"] = {
            "@type": "Process", "@id": pid, "name": name, "processType": "UNIT_PROCESS", "category": "Brightway peer fixture",
            "location": ref("Location", glo, "Global"), "lastInternalId": len(out_ex), "exchanges": out_ex}
    if out.exists():
        shutil.rmtree(out)
    for rel, obj in sorted(files.items()):
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(json.dumps(obj, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return len(files)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=SRC)
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args()
    processes, products, flows = read(a.src)
    n = write(a.out, processes, products, flows)
    print(f"wrote {n} files to {a.out} ({len(processes)} processes, {len(products)} products, {len(flows)} elementary flows)")


if __name__ == "__main__":
    main()
