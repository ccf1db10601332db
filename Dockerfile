FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN useradd --create-home app && mkdir -p media private_media && chown -R app /app
USER app
EXPOSE 8000
CMD ["gunicorn", "directory.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
