from django import forms

from units.models import UnitKind

from .services import NEW

XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_ACCEPT}),
        help_text="Mỗi trang tính là một phụ lục. Không cần sửa tệp trước: dòng tiêu đề, nhóm (Quý I, mục A…) "
        "và dòng bị ngắt trang được nhận ra tự động; chỗ nào phải đoán sẽ được hỏi lại để bạn xác nhận trước khi nhập.",
        error_messages={"required": "Hãy chọn tệp Excel cần nhập."},
    )


class ChoicesForm(forms.Form):
    """Which sheets to import, what each becomes, and which registry unit an unmatched name is."""

    def __init__(
        self, *args, sheet_names, targets, appendices, names, units, guesses=(), proposals=None, parents=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.sheet_names, self.names, self.guesses = sheet_names, names, list(guesses)
        self.proposals, self.parents = proposals or {}, {str(unit.pk): unit for unit in parents}
        target_choices = [(NEW, "Thêm thành phụ lục mới")] + [
            (str(a.pk), f"Thay thế {a.label.lower()} “{a.title}”") for a in appendices
        ]
        for index, name in enumerate(sheet_names):
            self.fields[f"sheet_{index}"] = forms.BooleanField(
                label=f"Nhập trang “{name}”", required=False, initial=name in targets
            )
            self.fields[f"target_{index}"] = forms.ChoiceField(
                label=f"Trang “{name}” sẽ", choices=target_choices, initial=targets.get(name, NEW)
            )
        unit_choices = [(str(u.pk), u.name) for u in units]
        for index, name in enumerate(names):
            suggested = [(str(u.pk), u.name) for u in name.candidates]
            self.fields[f"unit_{index}"] = forms.ChoiceField(
                label=f"Đơn vị cho “{name.text}”",
                required=False,
                initial=str(name.unit.pk) if name.how == "mapped" else "",
                choices=[
                    ("", "Giữ nguyên là chữ (không gắn đơn vị)"),
                    *([("Gợi ý", suggested)] if suggested else []),
                    ("Tất cả đơn vị", unit_choices),
                ],
            )

        parent_choices = [("", "— chọn đơn vị cấp trên —"), *[(pk, unit.name) for pk, unit in self.parents.items()]]
        for index, name in enumerate(names):
            if name.how != "unresolved":
                continue
            proposal = self.proposals.get(name.key)
            proposed_parent = str(proposal.parent.pk) if proposal and str(proposal.parent.pk) in self.parents else ""
            # Which name the row was drawn for: the list changes when the registry does.
            self.fields[f"name_{index}"] = forms.CharField(widget=forms.HiddenInput, required=False, initial=name.key)
            self.fields[f"new_{index}"] = forms.BooleanField(
                label="Thêm vào danh mục", required=False, initial=bool(proposed_parent)
            )
            self.fields[f"parent_{index}"] = forms.ChoiceField(
                label=f"Đơn vị cấp trên của “{name.text}”",
                required=False,
                choices=parent_choices,
                initial=proposed_parent,
            )
            self.fields[f"kind_{index}"] = forms.ChoiceField(
                label=f"Loại đơn vị của “{name.text}”",
                required=False,
                choices=UnitKind.choices,
                initial=proposal.kind if proposal else UnitKind.OTHER,
            )

        for index, guess in enumerate(self.guesses):
            self.fields[f"guess_{index}"] = forms.BooleanField(
                label="Đúng, nhập theo cách đọc này", required=False, initial=not guess.blocking
            )

    def guess_fields(self):
        return [(guess, self[f"guess_{i}"]) for i, guess in enumerate(self.guesses)]

    def accepted(self, accepted: list, *, accept_all: bool = False) -> list[str]:
        """The accepted guess keys: the boxes ticked on this page, plus accepted guesses of sheets
        not shown now (a sheet unticked and ticked again keeps its answers)."""
        shown = {guess.guess for guess in self.guesses}
        kept = [key for key in accepted if key not in shown]
        ticked = [g.guess for i, g in enumerate(self.guesses) if accept_all or self.cleaned_data.get(f"guess_{i}")]
        return kept + ticked

    def sheet_fields(self):
        return [(self[f"sheet_{i}"], self[f"target_{i}"]) for i in range(len(self.sheet_names))]

    def unit_fields(self):
        """(name, link field, (new-unit box, parent, kind) or None, the proposal) per name."""
        return [
            (
                name,
                self[f"unit_{i}"],
                (self[f"new_{i}"], self[f"parent_{i}"], self[f"kind_{i}"], self[f"name_{i}"])
                if f"new_{i}" in self.fields
                else None,
                self.proposals.get(name.key),
            )
            for i, name in enumerate(self.names)
        ]

    def new_units(self) -> list[tuple]:
        """(name as written, parent unit, kind) for each ticked name with no unit chosen to link."""
        data, chosen = self.cleaned_data, []
        for index, name in enumerate(self.names):
            if not data.get(f"new_{index}") or data.get(f"unit_{index}"):
                continue
            if data.get(f"name_{index}") != name.key:
                self.add_error(
                    None, "Danh sách tên chưa khớp vừa thay đổi (danh mục đơn vị đã được sửa); hãy xem lại rồi thêm."
                )
                return []
            parent = self.parents.get(data.get(f"parent_{index}") or "")
            if parent is None:
                self.add_error(f"parent_{index}", f"Hãy chọn đơn vị cấp trên cho “{name.text}”.")
                continue
            chosen.append((name.text, parent, data.get(f"kind_{index}") or UnitKind.OTHER))
        return chosen

    def choices(self, mappings: dict) -> tuple[dict, dict]:
        """(targets, mappings) from the submitted form; mappings of names not shown are kept."""
        data = self.cleaned_data
        targets = {
            name: data[f"target_{index}"] for index, name in enumerate(self.sheet_names) if data[f"sheet_{index}"]
        }
        mappings = dict(mappings)
        for index, name in enumerate(self.names):
            chosen = data.get(f"unit_{index}")
            if chosen:
                mappings[name.key] = int(chosen)
            else:
                mappings.pop(name.key, None)
        return targets, mappings


class RelinkForm(forms.Form):
    """ "Khớp lại đơn vị": saves the changes the page showed, identified by their fingerprint."""

    expected = forms.CharField(widget=forms.HiddenInput, max_length=64)
