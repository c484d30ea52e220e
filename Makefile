# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
# Two workers: the machines have two cores.
PYTEST_ARGS ?= -n 2
SCALE ?= full

.PHONY: install run test lint messages bench worker clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q '.[dev,bench]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(BIN)/python manage.py compile_translations

run: messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .

# Translators: regenerate an app's catalogue (needs GNU gettext's xgettext).
makemessages: install
	for app in people courses training performance; do \
	  (cd $$app && ../$(BIN)/python ../manage.py makemessages -l zh_Hans -l en --no-obsolete --add-location file); \
	done
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --no-obsolete --add-location file \
	  --ignore '.venv/*' --ignore 'people/*' --ignore 'courses/*' --ignore 'training/*' --ignore 'performance/*' --ignore 'tests/*' --ignore 'bench/*'

worker: install
	$(BIN)/celery -A config worker -B -l info

bench: install
	$(BIN)/python -m bench --scale $(SCALE)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
