"""A tiny FIT encoder for synthetic test files (definition + data message per message)."""

from __future__ import annotations

import datetime as dt
import struct

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
_CRC_TABLE = (0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
              0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400)
# base type id -> struct code
_CODES = {0x00: "B", 0x02: "B", 0x84: "H", 0x86: "I", 0x85: "i", 0x83: "h"}

Field = tuple[int, int, object]  # (field number, base type, raw value or list of values)


def crc16(data: bytes, crc: int = 0) -> int:
    """FIT CRC-16 (FIT SDK algorithm)."""
    for byte in data:
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[byte & 0xF]
        tmp = _CRC_TABLE[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ _CRC_TABLE[(byte >> 4) & 0xF]
    return crc


def fit_time(ts: dt.datetime) -> int:
    return int((ts - FIT_EPOCH).total_seconds())


#: FIT base type of a null-terminated string (the value is given as bytes).
STRING = 0x07


def message(global_num: int, fields: list[Field]) -> bytes:
    out = bytearray()
    out += struct.pack("<BBBHB", 0x40, 0, 0, global_num, len(fields))
    for num, base, value in fields:
        if base == STRING:
            assert isinstance(value, bytes) and len(value) < 255
            out += struct.pack("<BBB", num, len(value) + 1, base)
            continue
        count = len(value) if isinstance(value, list) else 1
        out += struct.pack("<BBB", num, count * struct.calcsize("<" + _CODES[base]), base)
    out += b"\x00"
    for _, base, value in fields:
        if base == STRING:
            assert isinstance(value, bytes)
            out += value + b"\x00"
            continue
        values = value if isinstance(value, list) else [value]
        out += struct.pack("<" + _CODES[base] * len(values), *values)
    return bytes(out)


def fit_file(messages: list[bytes]) -> bytes:
    body = b"".join(messages)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16(header))
    data = header + body
    return data + struct.pack("<H", crc16(data))


def file_id(file_type: int) -> bytes:
    return message(0, [(0, 0x00, file_type), (1, 0x84, 1), (4, 0x86, fit_time(
        dt.datetime(2020, 7, 1, 12, tzinfo=dt.UTC)))])


def file_id_named(product_name: bytes) -> bytes:
    """An activity ``file_id`` (manufacturer Garmin) with a ``product_name`` string."""
    return message(0, [(0, 0x00, 4), (1, 0x84, 1), (4, 0x86, fit_time(
        dt.datetime(2020, 7, 1, 12, tzinfo=dt.UTC))), (8, STRING, product_name)])


def record(ts: int, hr: int = 0xFF, cadence: int = 0xFF, frac: int = 0xFF,
           distance_cm: int = 0xFFFFFFFF, power: int = 0xFFFF) -> bytes:
    return message(20, [(253, 0x86, ts), (3, 0x02, hr), (4, 0x02, cadence), (53, 0x02, frac),
                        (5, 0x86, distance_cm), (7, 0x84, power)])


def session(start: int, end: int, sport: int, sub_sport: int) -> bytes:
    return message(18, [(253, 0x86, end), (2, 0x86, start), (5, 0x00, sport),
                        (6, 0x00, sub_sport), (7, 0x86, (end - start) * 1000)])


def activity(end: int, local_end: int) -> bytes:
    return message(34, [(253, 0x86, end), (5, 0x86, local_end)])


def timer_event(ts: int, stop: bool) -> bytes:
    """FIT event message: event=timer (0), event_type stop_all (4) or start (0)."""
    return message(21, [(253, 0x86, ts), (0, 0x00, 0), (1, 0x00, 4 if stop else 0)])


def hr_message(ts: int, first_event_s: float, bpms: list[int]) -> bytes:
    """FIT ``hr`` message (HRM-Tri buffer): bpm array with 1 s spaced event timestamps
    (uint32 in 1/1024 s since the FIT epoch)."""
    events = [int((first_event_s + i) * 1024) for i in range(len(bpms))]
    return message(132, [(253, 0x86, ts), (6, 0x02, bpms), (9, 0x86, events)])


def lap(start: int, end: int, distance_cm: int, kcal: int) -> bytes:
    return message(19, [(253, 0x86, end), (2, 0x86, start), (7, 0x86, (end - start) * 1000),
                        (8, 0x86, (end - start) * 1000), (9, 0x86, distance_cm),
                        (11, 0x84, kcal)])


def session_totals(start: int, end: int, sport: int, distance_cm: int, kcal: int) -> bytes:
    """A session message with distance and energy totals (a manual activity has only this)."""
    return message(18, [(253, 0x86, end), (2, 0x86, start), (5, 0x00, sport), (6, 0x00, 0),
                        (7, 0x86, (end - start) * 1000), (8, 0x86, (end - start) * 1000),
                        (9, 0x86, distance_cm), (11, 0x84, kcal)])


def record_no_time(hr: int) -> bytes:
    return message(20, [(3, 0x02, hr)])
