"""An independent Avro implementation for the tests: Apache Avro's Python library (Debian's python3-avro).

  python-avro.py read FILE [LIMIT]
      prints one JSON object: the record count, the codec, the writer schema and the first LIMIT records
      (all when LIMIT is omitted); timestamps as ISO 8601 UTC text with microseconds, which is only
      possible when the library recognized the timestamp-micros logical type
  python-avro.py write SCHEMA_FILE OUT_FILE CODEC
      writes the JSON records read from standard input (one array, timestamps as epoch microseconds)
"""

import datetime
import json
import sys

import avro.schema
from avro.datafile import DataFileReader, DataFileWriter
from avro.io import DatumReader, DatumWriter

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def read(path, limit):
    records = []
    count = 0
    with open(path, "rb") as file, DataFileReader(file, DatumReader()) as reader:
        for record in reader:
            count += 1
            if limit is None or len(records) < limit:
                records.append(plain(record))
        result = {
            "count": count,
            "codec": reader.codec,
            "schema": json.loads(reader.schema),
            "records": records,
        }
    json.dump(result, sys.stdout)


def timestamps_to_datetimes(schema, record):
    converted = dict(record)
    for field in schema.fields:
        if getattr(field.type, "logical_type", None) == "timestamp-micros":
            converted[field.name] = EPOCH + datetime.timedelta(microseconds=record[field.name])
    return converted


def write(schema_path, out_path, codec):
    with open(schema_path, encoding="utf-8") as file:
        schema = avro.schema.parse(file.read())
    records = json.load(sys.stdin)
    with open(out_path, "wb") as file, DataFileWriter(file, DatumWriter(), schema, codec=codec) as writer:
        for record in records:
            writer.append(timestamps_to_datetimes(schema, record))


if __name__ == "__main__":
    if sys.argv[1] == "read":
        read(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else None)
    elif sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
