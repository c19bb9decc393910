#!/bin/bash
docker run -d --name db \
  -e MYSQL_ALLOW_EMPTY_PASSWORD=yes \
  -e MYSQL_DATABASE=app \
  -e MYSQL_ROOT_HOST=% \
  mysql:8.0
